{#- The `rep_time_entries` records, typed, checked and versioned: the record rules
    (macros/staging/crm_record_rules.sql) as steps. Columns, types, allowed values, primary key
    and version column: the contract (models/staging/crm/_crm__sources.yml). Incremental: a
    build that finds the raw table grown by appended rows only (`reuse_typed_rows`) types just
    those (`crm_appended_raw_rows`) and versions again only the keys they carry, with the
    earlier rows of those keys read from this table (`crm_rows_to_version`), and replaces those
    keys' rows (delete+insert on the primary key: crm_versions_config); any other run types and
    versions every row. -#}
{{ config(crm_versions_config(table='rep_time_entries')) }}
{%- set provider = crm_table_provider(table='rep_time_entries') -%}
{%- set raw_relation = source('crm', 'rep_time_entries') if provider == 'contract'
    else ref(provider ~ '__rep_time_entries') -%}
with

raw_rows as (

    {{ crm_appended_raw_rows(raw_relation=raw_relation, table='rep_time_entries', versions=this) }}

),

typed_rows as (

    {{ crm_typed_rows(raw_rows='raw_rows', table='rep_time_entries') }}

),

checked_rows as (

    select
        typed_rows.*,
        {{ crm_invalid_reason(table='rep_time_entries') }} as invalid_reason,
        {{ crm_row_hash(table='rep_time_entries') }} as row_hash
    from typed_rows

),

rows_to_version as (

    {{ crm_rows_to_version(checked_rows='checked_rows', table='rep_time_entries', versions=this) }}

),

current_versions as (

    {{ crm_current_versions(typed_rows='rows_to_version', table='rep_time_entries') }}

),

final as (

    select
        {{ crm_output_columns(table='rep_time_entries') }},
        source_row_number,
        invalid_reason,
        row_hash,
        quarantine_reason,
        is_current_version
    from current_versions

)

select * from final
