{{ crm_checked_rows(
    table='deal_stage_history',
    primary_key=['deal_id', 'stage_name', 'entered_at'],
    version_by=none,
    columns=[
        {'name': 'deal_id', 'type': 'key'},
        {'name': 'stage', 'type': 'key', 'rename': 'stage_name'},
        {'name': 'entered_at', 'type': 'timestamp'},
        {'name': 'changed_by', 'type': 'key'}
    ]
) }}
