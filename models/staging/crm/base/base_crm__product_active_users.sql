{%- set provider = crm_table_provider(table='product_active_users') -%}
{{ crm_checked_rows(
    table='product_active_users',
    input_relation=source('crm', 'product_active_users') if provider == 'contract' else ref(provider ~ '__product_active_users'),
    primary_key=['activity_date', 'account_id', 'app_user_id'],
    version_by=none,
    columns=[
        {'name': 'activity_date', 'type': 'date'},
        {'name': 'account_id', 'type': 'key'},
        {'name': 'app_user_id', 'type': 'key'}
    ]
) }}
