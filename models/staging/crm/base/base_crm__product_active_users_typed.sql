{#- Step 1 of the record rules (crm_checked_rows): every raw `product_active_users` row typed and checked
    on its own. Incremental: a build that finds the raw table grown by appended rows only
    types just those (see `reuse_typed_rows`); any other run retypes every row. -#}
{{ config(
    materialized='incremental',
    pre_hook="{{ reset_typed_rows(table='product_active_users') }}"
) }}
{%- set provider = crm_table_provider(table='product_active_users') -%}
{{ crm_typed_rows(
    input_relation=source('crm', 'product_active_users') if provider == 'contract' else ref(provider ~ '__product_active_users'),
    primary_key=['activity_date', 'account_id', 'app_user_id'],
    new_rows_only=reuse_typed_rows(table='product_active_users'),
    columns=[
        {'name': 'activity_date', 'type': 'date'},
        {'name': 'account_id', 'type': 'key'},
        {'name': 'app_user_id', 'type': 'key'}
    ]
) }}
