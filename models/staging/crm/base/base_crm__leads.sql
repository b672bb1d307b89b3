{#- Step 2 of the record rules (crm_checked_rows): versions over every typed `leads` row. -#}
{{ crm_current_versions(
    typed_relation=ref('base_crm__leads_typed'),
    primary_key=['lead_id'],
    version_by='updated_at'
) }}
