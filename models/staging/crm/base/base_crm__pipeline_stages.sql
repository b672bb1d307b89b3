{#- The `pipeline_stages` records, typed, checked and versioned: the record rules
    (macros/staging/crm_record_rules.sql) as steps. Columns, types, allowed values, primary key
    and version column: the contract (models/staging/crm/_crm__sources.yml); the table's own
    checks: checked_rows. -#}
{%- set provider = crm_table_provider(table='pipeline_stages') -%}
{%- set raw_relation = source('crm', 'pipeline_stages') if provider == 'contract'
    else ref(provider ~ '__pipeline_stages') -%}
with

raw_rows as (

    select * from {{ raw_relation }}

),

typed_rows as (

    {{ crm_typed_rows(raw_rows='raw_rows', table='pipeline_stages') }}

),

checked_rows as (

    select
        typed_rows.*,
        {{ crm_invalid_reason(table='pipeline_stages') }} as invalid_reason,
        {{ crm_row_hash(table='pipeline_stages') }} as row_hash
    from typed_rows

),

current_versions as (

    {{ crm_current_versions(typed_rows='checked_rows', table='pipeline_stages') }}

),

final as (

    select
        {{ crm_output_columns(table='pipeline_stages') }},
        source_row_number,
        quarantine_reason,
        is_current_version
    from current_versions

)

select * from final
