{%- set provider = crm_table_provider(table='market_size') -%}
{{ crm_checked_rows(
    table='market_size',
    input_relation=source('crm', 'market_size') if provider == 'contract' else ref(provider ~ '__market_size'),
    primary_key=['region', 'year'],
    version_by=none,
    columns=[
        {'name': 'region', 'type': 'key'},
        {'name': 'year', 'type': 'integer'},
        {'name': 'market_revenue', 'type': 'money', 'required': true}
    ]
) }}
