{#- The `product_active_users` records, typed, checked and versioned: the record rules
    (macros/staging/crm_record_rules.sql) as steps. Columns, types, allowed values, primary key
    and version column: the contract (models/staging/crm/_crm__sources.yml). Incremental: a
    build that finds the raw table grown by appended rows only (`reuse_typed_rows`) types just
    those (`crm_appended_raw_rows`) and versions again only the keys they carry, with the
    earlier rows of those keys read from this table (`crm_rows_to_version`), and replaces those
    keys' rows (delete+insert on the primary key: crm_versions_config); any other run types and
    versions every row. -#}
{{ config(crm_versions_config(table='product_active_users')) }}
{%- set provider = crm_table_provider(table='product_active_users') -%}
{%- set raw_relation = source('crm', 'product_active_users') if provider == 'contract'
    else ref(provider ~ '__product_active_users') -%}
with

raw_rows as (

    {{ crm_appended_raw_rows(raw_relation=raw_relation, table='product_active_users', versions=this) }}

),

typed_rows as (

    {{ crm_typed_rows(raw_rows='raw_rows', table='product_active_users') }}

),

checked_rows as (

    select
        typed_rows.*,
        {{ crm_invalid_reason(table='product_active_users') }} as invalid_reason,
        {{ crm_row_hash(table='product_active_users') }} as row_hash
    from typed_rows

),

rows_to_version as (

    {{ crm_rows_to_version(checked_rows='checked_rows', table='product_active_users', versions=this) }}

),

current_versions as (

    {{ crm_current_versions(typed_rows='rows_to_version', table='product_active_users') }}

),

final as (

    select
        {{ crm_output_columns(table='product_active_users') }},
        source_row_number,
        invalid_reason,
        row_hash,
        quarantine_reason,
        is_current_version
    from current_versions

)

select * from final
