{#- The `rep_surveys` records, typed, checked and versioned: the record rules
    (macros/staging/crm_record_rules.sql) as steps. Columns, types, allowed values, primary key
    and version column: the contract (models/staging/crm/_crm__sources.yml); the table's own
    checks: checked_rows. -#}
{%- set provider = crm_table_provider(table='rep_surveys') -%}
{%- set raw_relation = source('crm', 'rep_surveys') if provider == 'contract'
    else ref(provider ~ '__rep_surveys') -%}
with

raw_rows as (

    select * from {{ raw_relation }}

),

typed_rows as (

    {{ crm_typed_rows(raw_rows='raw_rows', table='rep_surveys') }}

),

checked_rows as (

    select
        typed_rows.*,
        {{ crm_invalid_reason(table='rep_surveys') }} as invalid_reason,
        {{ crm_row_hash(table='rep_surveys') }} as row_hash
    from typed_rows

),

current_versions as (

    {{ crm_current_versions(typed_rows='checked_rows', table='rep_surveys') }}

),

final as (

    select
        {{ crm_output_columns(table='rep_surveys') }},
        source_row_number,
        quarantine_reason,
        is_current_version
    from current_versions

)

select * from final
