{%- set provider = crm_table_provider(table='subscription_periods') -%}
{{ crm_checked_rows(
    table='subscription_periods',
    input_relation=source('crm', 'subscription_periods') if provider == 'contract' else ref(provider ~ '__subscription_periods'),
    primary_key=['subscription_id', 'period_start'],
    version_by='updated_at',
    columns=[
        {'name': 'subscription_id', 'type': 'key'},
        {'name': 'account_id', 'type': 'key'},
        {'name': 'product_id', 'type': 'key'},
        {'name': 'pricing_plan', 'type': 'text'},
        {'name': 'period_start', 'type': 'date'},
        {'name': 'period_end', 'type': 'date'},
        {'name': 'mrr_amount', 'type': 'money', 'required': true},
        {'name': 'currency', 'type': 'currency'},
        {'name': 'billing_interval', 'type': 'enum', 'values': ['month', 'year']},
        {'name': 'updated_at', 'type': 'timestamp'}
    ],
    checks=[
        ["period_end < period_start", "end before start: period_end < period_start"]
    ]
) }}
