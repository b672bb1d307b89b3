{%- set provider = crm_table_provider(table='users') -%}
{{ crm_checked_rows(
    table='users',
    input_relation=source('crm', 'users') if provider == 'contract' else ref(provider ~ '__users'),
    primary_key=['user_id'],
    version_by='updated_at',
    columns=[
        {'name': 'user_id', 'type': 'key'},
        {'name': 'full_name', 'type': 'text'},
        {'name': 'email', 'type': 'text'},
        {'name': 'role', 'type': 'enum', 'values': ['rep', 'sdr', 'manager', 'csm', 'other']},
        {'name': 'team_id', 'type': 'key'},
        {'name': 'manager_id', 'type': 'key'},
        {'name': 'hired_at', 'type': 'date', 'rename': 'hired_date'},
        {'name': 'terminated_at', 'type': 'date', 'rename': 'terminated_date'},
        {'name': 'updated_at', 'type': 'timestamp'}
    ],
    checks=[
        ["terminated_date < hired_date", "end before start: terminated_date < hired_date"]
    ]
) }}
