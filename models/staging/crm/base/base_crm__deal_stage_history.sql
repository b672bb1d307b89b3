{#- The `deal_stage_history` records, typed, checked and versioned: the record rules
    (macros/staging/crm_record_rules.sql) as steps. Columns, types, allowed values, primary key
    and version column: the contract (models/staging/crm/_crm__sources.yml). Incremental: a
    build that finds the raw table grown by appended rows only (`reuse_typed_rows`) types just
    those (`crm_appended_raw_rows`) and versions again only the keys they carry, with the
    earlier rows of those keys read from this table (`crm_rows_to_version`), and replaces those
    keys' rows (delete+insert on the primary key: crm_versions_config); any other run types and
    versions every row. -#}
{{ config(crm_versions_config(table='deal_stage_history')) }}
{%- set provider = crm_table_provider(table='deal_stage_history') -%}
{%- set raw_relation = source('crm', 'deal_stage_history') if provider == 'contract'
    else ref(provider ~ '__deal_stage_history') -%}
with

raw_rows as (

    {{ crm_appended_raw_rows(raw_relation=raw_relation, table='deal_stage_history', versions=this) }}

),

typed_rows as (

    {{ crm_typed_rows(raw_rows='raw_rows', table='deal_stage_history') }}

),

checked_rows as (

    select
        typed_rows.*,
        {{ crm_invalid_reason(table='deal_stage_history') }} as invalid_reason,
        {{ crm_row_hash(table='deal_stage_history') }} as row_hash
    from typed_rows

),

rows_to_version as (

    {{ crm_rows_to_version(checked_rows='checked_rows', table='deal_stage_history', versions=this) }}

),

current_versions as (

    {{ crm_current_versions(typed_rows='rows_to_version', table='deal_stage_history') }}

),

final as (

    select
        {{ crm_output_columns(table='deal_stage_history') }},
        source_row_number,
        invalid_reason,
        row_hash,
        quarantine_reason,
        is_current_version
    from current_versions

)

select * from final
