{#- Step 1 of the record rules (crm_checked_rows): every raw `leads` row typed and checked
    on its own. Incremental: a build that finds the raw table grown by appended rows only
    types just those (see `reuse_typed_rows`); any other run retypes every row. -#}
{{ config(
    materialized='incremental',
    pre_hook="{{ reset_typed_rows(table='leads') }}"
) }}
{%- set provider = crm_table_provider(table='leads') -%}
{{ crm_typed_rows(
    input_relation=source('crm', 'leads') if provider == 'contract' else ref(provider ~ '__leads'),
    primary_key=['lead_id'],
    new_rows_only=reuse_typed_rows(table='leads'),
    columns=[
        {'name': 'lead_id', 'type': 'key'},
        {'name': 'created_at', 'type': 'timestamp', 'required': true},
        {'name': 'lead_source', 'type': 'enum',
         'values': ['paid_ads', 'organic', 'referral', 'event', 'outbound', 'partner', 'social', 'email', 'other']},
        {'name': 'campaign_id', 'type': 'key'},
        {'name': 'owner_id', 'type': 'key'},
        {'name': 'company_name', 'type': 'text'},
        {'name': 'email', 'type': 'text'},
        {'name': 'country', 'type': 'text'},
        {'name': 'region', 'type': 'text'},
        {'name': 'status', 'type': 'enum', 'values': lead_statuses()},
        {'name': 'mql_at', 'type': 'timestamp'},
        {'name': 'sql_at', 'type': 'timestamp'},
        {'name': 'converted_at', 'type': 'timestamp'},
        {'name': 'converted_account_id', 'type': 'key'},
        {'name': 'converted_deal_id', 'type': 'key'},
        {'name': 'is_deleted', 'type': 'boolean'},
        {'name': 'updated_at', 'type': 'timestamp'}
    ]
) }}
