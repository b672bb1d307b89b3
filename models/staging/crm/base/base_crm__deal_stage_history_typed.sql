{#- Step 1 of the record rules (crm_checked_rows): every raw `deal_stage_history` row typed and checked
    on its own. Incremental: a build that finds the raw table grown by appended rows only
    types just those (see `reuse_typed_rows`); any other run retypes every row. -#}
{{ config(
    materialized='incremental',
    pre_hook="{{ reset_typed_rows(table='deal_stage_history') }}"
) }}
{%- set provider = crm_table_provider(table='deal_stage_history') -%}
{{ crm_typed_rows(
    input_relation=source('crm', 'deal_stage_history') if provider == 'contract' else ref(provider ~ '__deal_stage_history'),
    primary_key=['deal_id', 'stage_name', 'entered_at'],
    new_rows_only=reuse_typed_rows(table='deal_stage_history'),
    columns=[
        {'name': 'deal_id', 'type': 'key'},
        {'name': 'stage', 'type': 'key', 'rename': 'stage_name'},
        {'name': 'entered_at', 'type': 'timestamp'},
        {'name': 'changed_by', 'type': 'key'}
    ]
) }}
