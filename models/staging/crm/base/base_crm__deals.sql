{%- set provider = crm_table_provider(table='deals') -%}
{{ crm_checked_rows(
    table='deals',
    input_relation=source('crm', 'deals') if provider == 'contract' else ref(provider ~ '__deals'),
    primary_key=['deal_id'],
    version_by='updated_at',
    columns=[
        {'name': 'deal_id', 'type': 'key'},
        {'name': 'deal_name', 'type': 'text'},
        {'name': 'account_id', 'type': 'key'},
        {'name': 'owner_id', 'type': 'key'},
        {'name': 'lead_id', 'type': 'key'},
        {'name': 'pipeline', 'type': 'key'},
        {'name': 'deal_type', 'type': 'enum',
         'values': ['new_business', 'upsell', 'cross_sell', 'renewal']},
        {'name': 'stage', 'type': 'key', 'rename': 'stage_name'},
        {'name': 'amount', 'type': 'money'},
        {'name': 'currency', 'type': 'currency'},
        {'name': 'created_at', 'type': 'timestamp', 'required': true},
        {'name': 'expected_close_date', 'type': 'date'},
        {'name': 'closed_at', 'type': 'timestamp'},
        {'name': 'is_closed', 'type': 'boolean'},
        {'name': 'is_won', 'type': 'boolean'},
        {'name': 'lost_reason', 'type': 'text'},
        {'name': 'competitor', 'type': 'text'},
        {'name': 'is_deleted', 'type': 'boolean'},
        {'name': 'updated_at', 'type': 'timestamp'}
    ],
    checks=[
        ["closed_at < created_at", "end before start: closed_at < created_at"]
    ]
) }}
