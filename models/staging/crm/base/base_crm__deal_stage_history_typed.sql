{#- Step 1 of the record rules for `deal_stage_history` (macros/staging/crm_record_rules.sql): every raw
    row typed and checked on its own, as the contract (models/staging/crm/_crm__sources.yml)
    says. Incremental: a build that finds the raw table grown by appended rows only types just
    those (see `reuse_typed_rows`); any other run retypes every row. -#}
{{ config(
    materialized='incremental',
    pre_hook="{{ reset_typed_rows(table='deal_stage_history') }}"
) }}
{%- set provider = crm_table_provider(table='deal_stage_history') -%}
{%- set raw_relation = source('crm', 'deal_stage_history') if provider == 'contract'
    else ref(provider ~ '__deal_stage_history') -%}
with

raw_rows as (

    select * from {{ raw_relation }}
    {%- if reuse_typed_rows(table='deal_stage_history') %}
    where
        cast(_source_row_number as {{ dbt.type_int() }})
        > (select coalesce(max(source_row_number), 0) from {{ this }})
    {%- endif %}

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

final as (

    select
        {{ crm_output_columns(table='deal_stage_history') }},
        source_row_number,
        invalid_reason,
        row_hash
    from checked_rows

)

select * from final
