{#- Step 1 of the record rules (crm_checked_rows): every raw `rep_time_entries` row typed and checked
    on its own. Incremental: a build that finds the raw table grown by appended rows only
    types just those (see `reuse_typed_rows`); any other run retypes every row. -#}
{{ config(
    materialized='incremental',
    pre_hook="{{ reset_typed_rows(table='rep_time_entries') }}"
) }}
{%- set provider = crm_table_provider(table='rep_time_entries') -%}
{{ crm_typed_rows(
    input_relation=source('crm', 'rep_time_entries') if provider == 'contract' else ref(provider ~ '__rep_time_entries'),
    primary_key=['entry_id'],
    new_rows_only=reuse_typed_rows(table='rep_time_entries'),
    columns=[
        {'name': 'entry_id', 'type': 'key'},
        {'name': 'user_id', 'type': 'key'},
        {'name': 'work_date', 'type': 'date', 'required': true},
        {'name': 'category', 'type': 'enum',
         'values': ['prospecting', 'presenting', 'data_entry', 'lead_research', 'meetings', 'admin', 'other']},
        {'name': 'minutes', 'type': 'amount', 'required': true}
    ]
) }}
