{#- The `deal_line_items` records, typed, checked and versioned: the record rules
    (macros/staging/crm_record_rules.sql) as steps. Columns, types, allowed values, primary key
    and version column: the contract (models/staging/crm/_crm__sources.yml); the table's own
    checks: checked_rows. -#}
{%- set provider = crm_table_provider(table='deal_line_items') -%}
{%- set raw_relation = source('crm', 'deal_line_items') if provider == 'contract'
    else ref(provider ~ '__deal_line_items') -%}
with

raw_rows as (

    select * from {{ raw_relation }}

),

typed_rows as (

    {{ crm_typed_rows(raw_rows='raw_rows', table='deal_line_items') }}

),

checked_rows as (

    select
        typed_rows.*,
        {{ crm_invalid_reason(table='deal_line_items') }} as invalid_reason,
        {{ crm_row_hash(table='deal_line_items') }} as row_hash
    from typed_rows

),

current_versions as (

    {{ crm_current_versions(typed_rows='checked_rows', table='deal_line_items') }}

),

final as (

    select
        {{ crm_output_columns(table='deal_line_items') }},
        source_row_number,
        quarantine_reason,
        is_current_version
    from current_versions

)

select * from final
