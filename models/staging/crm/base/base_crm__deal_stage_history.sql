{#- Step 2 of the record rules (crm_checked_rows): versions over every typed `deal_stage_history` row. -#}
{{ crm_current_versions(
    typed_relation=ref('base_crm__deal_stage_history_typed'),
    primary_key=['deal_id', 'stage_name', 'entered_at'],
    version_by=none
) }}
