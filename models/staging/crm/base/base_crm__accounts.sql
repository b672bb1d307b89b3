{%- set provider = crm_table_provider(table='accounts') -%}
{{ crm_checked_rows(
    table='accounts',
    input_relation=source('crm', 'accounts') if provider == 'contract' else ref(provider ~ '__accounts'),
    primary_key=['account_id'],
    version_by='updated_at',
    columns=[
        {'name': 'account_id', 'type': 'key'},
        {'name': 'account_name', 'type': 'text'},
        {'name': 'industry', 'type': 'text'},
        {'name': 'segment', 'type': 'enum', 'values': ['smb', 'mid_market', 'enterprise']},
        {'name': 'country', 'type': 'text'},
        {'name': 'region', 'type': 'text'},
        {'name': 'owner_id', 'type': 'key'},
        {'name': 'created_at', 'type': 'timestamp'},
        {'name': 'is_deleted', 'type': 'boolean'},
        {'name': 'updated_at', 'type': 'timestamp'}
    ]
) }}
