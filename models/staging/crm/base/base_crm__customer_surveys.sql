{#- The `customer_surveys` records, typed, checked and versioned: the record rules
    (macros/staging/crm_record_rules.sql) as steps. Columns, types, allowed values, primary key
    and version column: the contract (models/staging/crm/_crm__sources.yml); the table's own
    checks: checked_rows. -#}
{%- set provider = crm_table_provider(table='customer_surveys') -%}
{%- set raw_relation = source('crm', 'customer_surveys') if provider == 'contract'
    else ref(provider ~ '__customer_surveys') -%}
with

raw_rows as (

    select * from {{ raw_relation }}

),

typed_rows as (

    {{ crm_typed_rows(raw_rows='raw_rows', table='customer_surveys') }}

),

checked_rows as (

    select
        typed_rows.*,
        {{ crm_invalid_reason(table='customer_surveys', checks=[
            ["survey_type = 'nps' and (score < 0 or score > 10)", "value outside 0..10: score (nps)"],
            ["survey_type = 'csat' and (score < 1 or score > 5)", "value outside 1..5: score (csat)"]
        ]) }} as invalid_reason,
        {{ crm_row_hash(table='customer_surveys') }} as row_hash
    from typed_rows

),

current_versions as (

    {{ crm_current_versions(typed_rows='checked_rows', table='customer_surveys') }}

),

final as (

    select
        {{ crm_output_columns(table='customer_surveys') }},
        source_row_number,
        quarantine_reason,
        is_current_version
    from current_versions

)

select * from final
