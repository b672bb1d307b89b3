{#- Step 2 of the record rules for `activities` (macros/staging/crm_record_rules.sql): versions
    over every typed row (base_crm__activities_typed), incremental by key (crm_versions_config,
    crm_rows_to_version); primary key and version column: the contract
    (models/staging/crm/_crm__sources.yml). -#}
{{ config(crm_versions_config(table='activities')) }}
with

typed_rows as (

    select * from {{ ref('base_crm__activities_typed') }}

),

rows_to_version as (

    {{ crm_rows_to_version(typed_rows='typed_rows', table='activities', versions=this) }}

),

current_versions as (

    {{ crm_current_versions(typed_rows='rows_to_version', table='activities') }}

),

final as (

    select
        {{ crm_output_columns(table='activities') }},
        source_row_number,
        invalid_reason,
        row_hash,
        quarantine_reason,
        is_current_version
    from current_versions

)

select * from final
