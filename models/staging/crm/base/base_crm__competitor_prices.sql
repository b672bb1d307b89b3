{{ crm_checked_rows(
    table='competitor_prices',
    primary_key=['competitor', 'product_family', 'observed_date'],
    version_by=none,
    columns=[
        {'name': 'competitor', 'type': 'key'},
        {'name': 'product_family', 'type': 'key'},
        {'name': 'observed_at', 'type': 'date', 'rename': 'observed_date'},
        {'name': 'price', 'type': 'money', 'required': true},
        {'name': 'currency', 'type': 'currency'}
    ]
) }}
