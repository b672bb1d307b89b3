{#- Step 2 of the record rules (crm_checked_rows): versions over every typed `activities` row. -#}
{{ crm_current_versions(
    typed_relation=ref('base_crm__activities_typed'),
    primary_key=['activity_id'],
    version_by='updated_at'
) }}
