{%- set provider = crm_table_provider(table='deal_stage_history') -%}
{{ crm_checked_rows(
    table='deal_stage_history',
    input_relation=source('crm', 'deal_stage_history') if provider == 'contract' else ref(provider ~ '__deal_stage_history'),
    primary_key=['deal_id', 'stage_name', 'entered_at'],
    version_by=none,
    columns=[
        {'name': 'deal_id', 'type': 'key'},
        {'name': 'stage', 'type': 'key', 'rename': 'stage_name'},
        {'name': 'entered_at', 'type': 'timestamp'},
        {'name': 'changed_by', 'type': 'key'}
    ]
) }}
