{#- Step 2 of the record rules for `deal_stage_history` (macros/staging/crm_record_rules.sql): versions
    over every typed row (base_crm__deal_stage_history_typed), incremental by key (crm_versions_config,
    crm_rows_to_version); primary key and version column: the contract
    (models/staging/crm/_crm__sources.yml). -#}
{{ config(crm_versions_config(table='deal_stage_history')) }}
with

typed_rows as (

    select * from {{ ref('base_crm__deal_stage_history_typed') }}

),

rows_to_version as (

    {{ crm_rows_to_version(typed_rows='typed_rows', table='deal_stage_history', versions=this) }}

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
