{{ crm_checked_rows(
    table='market_size',
    primary_key=['region', 'year'],
    version_by=none,
    columns=[
        {'name': 'region', 'type': 'key'},
        {'name': 'year', 'type': 'integer'},
        {'name': 'market_revenue', 'type': 'money', 'required': true}
    ]
) }}
