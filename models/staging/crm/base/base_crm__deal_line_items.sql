{%- set provider = crm_table_provider(table='deal_line_items') -%}
{{ crm_checked_rows(
    table='deal_line_items',
    input_relation=source('crm', 'deal_line_items') if provider == 'contract' else ref(provider ~ '__deal_line_items'),
    primary_key=['line_item_id'],
    version_by='updated_at',
    columns=[
        {'name': 'line_item_id', 'type': 'key'},
        {'name': 'deal_id', 'type': 'key'},
        {'name': 'product_id', 'type': 'key'},
        {'name': 'quantity', 'type': 'amount'},
        {'name': 'unit_price', 'type': 'money'},
        {'name': 'discount_pct', 'type': 'ratio'},
        {'name': 'updated_at', 'type': 'timestamp'}
    ]
) }}
