{{ crm_checked_rows(
    table='product_active_users',
    primary_key=['activity_date', 'account_id', 'app_user_id'],
    version_by=none,
    columns=[
        {'name': 'activity_date', 'type': 'date'},
        {'name': 'account_id', 'type': 'key'},
        {'name': 'app_user_id', 'type': 'key'}
    ]
) }}
