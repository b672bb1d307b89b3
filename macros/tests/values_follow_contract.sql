{#- values_follow_contract: every enumeration column of a staging model holds only the values
    the contract allows for it (models/staging/crm/_crm__sources.yml, meta.values; read through
    crm_contract), or null. Returns one row per offending value: the column and the value. The
    base models quarantine such rows, so this checks that nothing outside the set reaches
    staging. -#}
{% test values_follow_contract(model, table_name) %}

{%- set enumerations = [] -%}
{%- for column in crm_contract(table=table_name).columns if column.type == 'enum' -%}
    {%- do enumerations.append(column) -%}
{%- endfor -%}

with

model_rows as (

    select * from {{ model }}

),

offending_values as (

    {%- for column in enumerations %}
    select
        '{{ column.rename }}' as column_name,
        cast({{ column.rename }} as {{ dbt.type_string() }}) as column_value
    from model_rows
    where
        {{ column.rename }} is not null
        and {{ column.rename }} not in ('{{ column['values'] | join("', '") }}')
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- if enumerations | length == 0 %}
    select
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as column_value
    from model_rows
    where 1 = 0
    {%- endif %}

)

select * from offending_values

{% endtest %}
