{#- The `leads` records, typed, checked and versioned: the record rules
    (macros/staging/crm_record_rules.sql) as steps. Columns, types, allowed values, primary key
    and version column: the contract (models/staging/crm/_crm__sources.yml). Incremental: a
    build that finds the raw table grown by appended rows only (`reuse_typed_rows`) types just
    those (`crm_appended_raw_rows`) and versions again only the keys they carry, with the
    earlier rows of those keys read from this table (`crm_rows_to_version`), and replaces those
    keys' rows (delete+insert on the primary key: crm_versions_config); any other run types and
    versions every row. -#}
{{ config(crm_versions_config(table='leads')) }}
{%- set provider = crm_table_provider(table='leads') -%}
{%- set raw_relation = source('crm', 'leads') if provider == 'contract'
    else ref(provider ~ '__leads') -%}
with

raw_rows as (

    {{ crm_appended_raw_rows(raw_relation=raw_relation, table='leads', versions=this) }}

),

typed_rows as (

    {{ crm_typed_rows(raw_rows='raw_rows', table='leads') }}

),

checked_rows as (

    select
        typed_rows.*,
        {{ crm_invalid_reason(table='leads') }} as invalid_reason,
        {{ crm_row_hash(table='leads') }} as row_hash
    from typed_rows

),

rows_to_version as (

    {{ crm_rows_to_version(checked_rows='checked_rows', table='leads', versions=this) }}

),

current_versions as (

    {{ crm_current_versions(typed_rows='rows_to_version', table='leads') }}

),

final as (

    select
        {{ crm_output_columns(table='leads') }},
        source_row_number,
        invalid_reason,
        row_hash,
        quarantine_reason,
        is_current_version
    from current_versions

)

select * from final
