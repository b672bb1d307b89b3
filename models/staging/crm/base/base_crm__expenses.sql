{%- set provider = crm_table_provider(table='expenses') -%}
{{ crm_checked_rows(
    table='expenses',
    input_relation=source('crm', 'expenses') if provider == 'contract' else ref(provider ~ '__expenses'),
    primary_key=['expense_id'],
    version_by='updated_at',
    columns=[
        {'name': 'expense_id', 'type': 'key'},
        {'name': 'expense_date', 'type': 'date', 'required': true},
        {'name': 'category', 'type': 'enum', 'values': ['marketing', 'sales']},
        {'name': 'channel', 'type': 'enum',
         'values': ['paid_ads', 'organic', 'referral', 'event', 'outbound', 'partner', 'social', 'email', 'other']},
        {'name': 'campaign_id', 'type': 'key'},
        {'name': 'amount', 'type': 'money'},
        {'name': 'currency', 'type': 'currency'},
        {'name': 'updated_at', 'type': 'timestamp'}
    ]
) }}
