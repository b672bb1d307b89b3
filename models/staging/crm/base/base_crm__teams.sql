{%- set provider = crm_table_provider(table='teams') -%}
{{ crm_checked_rows(
    table='teams',
    input_relation=source('crm', 'teams') if provider == 'contract' else ref(provider ~ '__teams'),
    primary_key=['team_id'],
    version_by='updated_at',
    columns=[
        {'name': 'team_id', 'type': 'key'},
        {'name': 'team_name', 'type': 'text'},
        {'name': 'region', 'type': 'text'},
        {'name': 'updated_at', 'type': 'timestamp'}
    ]
) }}
