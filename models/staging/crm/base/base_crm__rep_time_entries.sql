{#- Step 2 of the record rules (crm_checked_rows): versions over every typed `rep_time_entries` row. -#}
{{ crm_current_versions(
    typed_relation=ref('base_crm__rep_time_entries_typed'),
    primary_key=['entry_id'],
    version_by=none
) }}
