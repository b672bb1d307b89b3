{%- set provider = crm_table_provider(table='products') -%}
{{ crm_checked_rows(
    table='products',
    input_relation=source('crm', 'products') if provider == 'contract' else ref(provider ~ '__products'),
    primary_key=['product_id'],
    version_by='updated_at',
    columns=[
        {'name': 'product_id', 'type': 'key'},
        {'name': 'product_name', 'type': 'text'},
        {'name': 'product_family', 'type': 'text'},
        {'name': 'pricing_plan', 'type': 'text'},
        {'name': 'list_price', 'type': 'money'},
        {'name': 'unit_cost', 'type': 'money'},
        {'name': 'currency', 'type': 'currency'},
        {'name': 'updated_at', 'type': 'timestamp'}
    ]
) }}
