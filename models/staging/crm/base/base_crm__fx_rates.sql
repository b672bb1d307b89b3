{{ crm_checked_rows(
    table='fx_rates',
    primary_key=['rate_date', 'currency'],
    version_by=none,
    columns=[
        {'name': 'rate_date', 'type': 'date'},
        {'name': 'currency', 'type': 'currency'},
        {'name': 'rate_to_reporting', 'type': 'amount', 'required': true}
    ]
) }}
