{#- How the CRM adapter's mapping vars (defaults, or a mapping file: CRM_MAPPING) read the
    export's picklist values: per mapping, CRM field and value, the contract value it became
    (null: the map does not list it, so the mapping's default applies) and how many rows carry
    it (from <crm>__mapping_report). Empty for a contract folder. -#}
{%- set crm = crm_source() -%}
with

{% if crm == 'contract' -%}
mapping_report as (

    select
        cast(null as {{ dbt.type_string() }}) as mapping_var,
        cast(null as {{ dbt.type_string() }}) as source_field,
        cast(null as {{ dbt.type_string() }}) as source_value,
        cast(null as {{ dbt.type_string() }}) as contract_value,
        cast(null as {{ dbt.type_bigint() }}) as row_count
    where 1 = 0

),
{%- else -%}
mapping_report as (

    select * from {{ ref(crm ~ '__mapping_report') }}

),
{%- endif %}

final as (

    select
        '{{ crm }}' as crm_source,
        mapping_var,
        source_field,
        source_value,
        contract_value,
        contract_value is not null as is_listed,
        cast(row_count as {{ dbt.type_bigint() }}) as row_count
    from mapping_report

)

select * from final
