{#- The `teams` records, typed, checked and versioned: the record rules
    (macros/staging/crm_record_rules.sql) as steps. Columns, types, allowed values, primary key
    and version column: the contract (models/staging/crm/_crm__sources.yml); the table's own
    checks: checked_rows. -#}
{%- set provider = crm_table_provider(table='teams') -%}
{%- set raw_relation = source('crm', 'teams') if provider == 'contract'
    else ref(provider ~ '__teams') -%}
with

raw_rows as (

    select * from {{ raw_relation }}

),

typed_rows as (

    {{ crm_typed_rows(raw_rows='raw_rows', table='teams') }}

),

checked_rows as (

    select
        typed_rows.*,
        {{ crm_invalid_reason(table='teams') }} as invalid_reason,
        {{ crm_row_hash(table='teams') }} as row_hash
    from typed_rows

),

current_versions as (

    {{ crm_current_versions(typed_rows='checked_rows', table='teams') }}

),

final as (

    select
        {{ crm_output_columns(table='teams') }},
        source_row_number,
        quarantine_reason,
        is_current_version
    from current_versions

)

select * from final
