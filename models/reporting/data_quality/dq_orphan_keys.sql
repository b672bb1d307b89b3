{#- Keys of the input that point at nothing, for a BI data-quality page: one row per reference
    the staging models check (their warn-level `relationships` tests, read from dbt's graph, so
    the list is the tests' own), with how many rows hold a key the referenced table lacks. The
    facts show such rows under the unknown member ("Unknown"), together with rows that have no
    key at all; this table tells the two apart. Grain: one row per table_name + column_name. -#}

{#- Every contract table's staging model may be referenced; dbt learns the dependencies here. -#}
{%- for table_name in crm_contract_tables() %}
-- depends_on: {{ ref('stg_crm__' ~ table_name) }}
{%- endfor %}

{%- set references = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id') -%}
        {%- set test_name = (node.test_metadata or {}).get('name') if node.resource_type == 'test' -%}
        {%- set model_name = (node.attached_node or '').split('.')[-1] if test_name == 'relationships' -%}
        {%- if model_name and model_name.startswith('stg_crm__') -%}
            {%- set arguments = node.test_metadata.kwargs -%}
            {%- do references.append({
                'model': model_name,
                'column': arguments.column_name,
                'referenced_model': arguments.to.split("'")[1],
                'referenced_column': arguments.field,
                'where': node.config.where,
            }) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

with

{% for reference in references %}
{{ reference.model }}__{{ reference.column }} as (

    select
        referencing.{{ reference.column }} as key_value,
        referenced.referenced_key is null as is_orphan
    from {{ ref(reference.model) }} as referencing
    left join (
        select distinct {{ reference.referenced_column }} as referenced_key
        from {{ ref(reference.referenced_model) }}
    ) as referenced
        on referencing.{{ reference.column }} = referenced.referenced_key
    where referencing.{{ reference.column }} is not null
        {%- if reference.where %}
        and ({{ reference.where }})
        {%- endif %}

),

{{ reference.model }}__{{ reference.column }}_counts as (

    select
        '{{ reference.model | replace("stg_crm__", "") }}' as table_name,
        '{{ reference.column }}' as column_name,
        '{{ reference.referenced_model | replace("stg_crm__", "") }}' as referenced_table_name,
        '{{ reference.referenced_column }}' as referenced_column_name,
        count(*) as checked_rows,
        count(case when is_orphan then 1 end) as orphan_rows,
        count(distinct case when is_orphan then key_value end) as orphan_keys,
        min(case when is_orphan then key_value end) as example_orphan_key
    from {{ reference.model }}__{{ reference.column }}

),

{% endfor %}

reference_counts as (

    {%- for reference in references %}
    select * from {{ reference.model }}__{{ reference.column }}_counts
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    {#- Only when dbt parses the project (no graph yet): the columns, no rows. #}
    select
        'none' as table_name,
        'none' as column_name,
        'none' as referenced_table_name,
        'none' as referenced_column_name,
        0 as checked_rows,
        0 as orphan_rows,
        0 as orphan_keys,
        'none' as example_orphan_key
    where 1 = 0
    {%- endfor %}

),

final as (

    select
        cast(table_name as {{ dbt.type_string() }}) as table_name,
        cast(column_name as {{ dbt.type_string() }}) as column_name,
        cast(referenced_table_name as {{ dbt.type_string() }}) as referenced_table_name,
        cast(referenced_column_name as {{ dbt.type_string() }}) as referenced_column_name,
        cast(checked_rows as {{ dbt.type_bigint() }}) as checked_rows,
        cast(orphan_rows as {{ dbt.type_bigint() }}) as orphan_rows,
        cast(orphan_keys as {{ dbt.type_bigint() }}) as orphan_keys,
        cast(example_orphan_key as {{ dbt.type_string() }}) as example_orphan_key,
        orphan_rows > 0 as has_orphans
    from reference_counts

)

select * from final
