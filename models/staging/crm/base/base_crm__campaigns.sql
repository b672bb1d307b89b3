{%- set provider = crm_table_provider(table='campaigns') -%}
{{ crm_checked_rows(
    table='campaigns',
    input_relation=source('crm', 'campaigns') if provider == 'contract' else ref(provider ~ '__campaigns'),
    primary_key=['campaign_id'],
    version_by='updated_at',
    columns=[
        {'name': 'campaign_id', 'type': 'key'},
        {'name': 'campaign_name', 'type': 'text'},
        {'name': 'channel', 'type': 'enum',
         'values': ['paid_ads', 'organic', 'referral', 'event', 'outbound', 'partner', 'social', 'email', 'other']},
        {'name': 'started_at', 'type': 'date', 'rename': 'started_date'},
        {'name': 'ended_at', 'type': 'date', 'rename': 'ended_date'},
        {'name': 'budget', 'type': 'money'},
        {'name': 'currency', 'type': 'currency'},
        {'name': 'updated_at', 'type': 'timestamp'}
    ],
    checks=[
        ["ended_date < started_date", "end before start: ended_date < started_date"]
    ]
) }}
