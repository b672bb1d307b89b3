{{ crm_checked_rows(
    table='rep_time_entries',
    primary_key=['entry_id'],
    version_by=none,
    columns=[
        {'name': 'entry_id', 'type': 'key'},
        {'name': 'user_id', 'type': 'key'},
        {'name': 'work_date', 'type': 'date', 'required': true},
        {'name': 'category', 'type': 'enum',
         'values': ['prospecting', 'presenting', 'data_entry', 'lead_research', 'meetings', 'admin', 'other']},
        {'name': 'minutes', 'type': 'amount', 'required': true}
    ]
) }}
