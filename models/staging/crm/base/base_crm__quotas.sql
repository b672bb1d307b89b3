{%- set provider = crm_table_provider(table='quotas') -%}
{{ crm_checked_rows(
    table='quotas',
    input_relation=source('crm', 'quotas') if provider == 'contract' else ref(provider ~ '__quotas'),
    primary_key=['user_id', 'period_start'],
    version_by=none,
    columns=[
        {'name': 'user_id', 'type': 'key'},
        {'name': 'period_start', 'type': 'date'},
        {'name': 'quota_amount', 'type': 'money', 'required': true},
        {'name': 'currency', 'type': 'currency'}
    ],
    checks=[
        [dbt.date_trunc('month', 'period_start') ~ ' <> period_start', "period_start is not the first day of a month"]
    ]
) }}
