{%- set provider = crm_table_provider(table='rep_time_entries') -%}
{{ crm_checked_rows(
    table='rep_time_entries',
    input_relation=source('crm', 'rep_time_entries') if provider == 'contract' else ref(provider ~ '__rep_time_entries'),
    primary_key=['entry_id'],
    version_by=none,
    columns=[
        {'name': 'entry_id', 'type': 'key'},
        {'name': 'user_id', 'type': 'key'},
        {'name': 'work_date', 'type': 'date', 'required': true},
        {'name': 'category', 'type': 'enum',
         'values': ['prospecting', 'presenting', 'data_entry', 'lead_research', 'meetings', 'admin', 'other']},
        {'name': 'minutes', 'type': 'amount', 'required': true}
    ]
) }}
