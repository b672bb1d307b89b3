{#- What the CRM adapter did with every row of the CRM's export: per CRM table, the rows it used
    and the rows it dropped, by reason (from <crm>__row_accounting). Empty for a contract folder
    (CRM_SOURCE=contract), whose rows are accounted for by the quarantine reconciliation. -#}
{%- set crm = crm_source() -%}
with

{% if crm == 'contract' -%}
row_accounting as (

    select
        cast(null as {{ dbt.type_string() }}) as source_table,
        cast(null as {{ dbt.type_string() }}) as outcome,
        cast(null as {{ dbt.type_string() }}) as reason,
        cast(null as {{ dbt.type_bigint() }}) as row_count
    where 1 = 0

),
{%- else -%}
row_accounting as (

    select * from {{ ref(crm ~ '__row_accounting') }}

),
{%- endif %}

final as (

    select
        '{{ crm }}' as crm_source,
        source_table,
        outcome,
        coalesce(reason, '') as reason,
        cast(row_count as {{ dbt.type_bigint() }}) as row_count
    from row_accounting

)

select * from final
