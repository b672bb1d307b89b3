{#- Step 1 of the record rules (crm_checked_rows): every raw `activities` row typed and checked
    on its own. Incremental: a build that finds the raw table grown by appended rows only
    types just those (see `reuse_typed_rows`); any other run retypes every row. -#}
{{ config(
    materialized='incremental',
    pre_hook="{{ reset_typed_rows(table='activities') }}"
) }}
{%- set provider = crm_table_provider(table='activities') -%}
{{ crm_typed_rows(
    input_relation=source('crm', 'activities') if provider == 'contract' else ref(provider ~ '__activities'),
    primary_key=['activity_id'],
    new_rows_only=reuse_typed_rows(table='activities'),
    columns=[
        {'name': 'activity_id', 'type': 'key'},
        {'name': 'activity_type', 'type': 'enum',
         'values': ['call', 'email', 'meeting', 'demo', 'quote', 'proposal', 'event', 'social', 'follow_up', 'onboarding', 'referral_request', 'note']},
        {'name': 'direction', 'type': 'enum', 'values': ['outbound', 'inbound']},
        {'name': 'owner_id', 'type': 'key'},
        {'name': 'lead_id', 'type': 'key'},
        {'name': 'contact_id', 'type': 'key'},
        {'name': 'account_id', 'type': 'key'},
        {'name': 'deal_id', 'type': 'key'},
        {'name': 'created_at', 'type': 'timestamp'},
        {'name': 'occurred_at', 'type': 'timestamp', 'required': true},
        {'name': 'status', 'type': 'enum',
         'values': ['completed', 'scheduled', 'cancelled', 'no_show']},
        {'name': 'duration_minutes', 'type': 'amount'},
        {'name': 'reply_sentiment', 'type': 'enum', 'values': ['positive', 'negative', 'neutral']},
        {'name': 'is_deleted', 'type': 'boolean'},
        {'name': 'updated_at', 'type': 'timestamp'}
    ]
) }}
