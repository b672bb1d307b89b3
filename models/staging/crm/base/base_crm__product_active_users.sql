{#- Step 2 of the record rules (crm_checked_rows): versions over every typed `product_active_users` row. -#}
{{ crm_current_versions(
    typed_relation=ref('base_crm__product_active_users_typed'),
    primary_key=['activity_date', 'account_id', 'app_user_id'],
    version_by=none
) }}
