{%- set provider = crm_table_provider(table='competitor_prices') -%}
{{ crm_checked_rows(
    table='competitor_prices',
    input_relation=source('crm', 'competitor_prices') if provider == 'contract' else ref(provider ~ '__competitor_prices'),
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
