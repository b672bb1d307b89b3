{%- set provider = crm_table_provider(table='fx_rates') -%}
{{ crm_checked_rows(
    table='fx_rates',
    input_relation=source('crm', 'fx_rates') if provider == 'contract' else ref(provider ~ '__fx_rates'),
    primary_key=['rate_date', 'currency'],
    version_by=none,
    columns=[
        {'name': 'rate_date', 'type': 'date'},
        {'name': 'currency', 'type': 'currency'},
        {'name': 'rate_to_reporting', 'type': 'amount', 'required': true}
    ]
) }}
