{%- set provider = crm_table_provider(table='contacts') -%}
{{ crm_checked_rows(
    table='contacts',
    input_relation=source('crm', 'contacts') if provider == 'contract' else ref(provider ~ '__contacts'),
    primary_key=['contact_id'],
    version_by='updated_at',
    columns=[
        {'name': 'contact_id', 'type': 'key'},
        {'name': 'account_id', 'type': 'key'},
        {'name': 'first_name', 'type': 'text'},
        {'name': 'last_name', 'type': 'text'},
        {'name': 'email', 'type': 'text'},
        {'name': 'phone', 'type': 'text'},
        {'name': 'title', 'type': 'text'},
        {'name': 'created_at', 'type': 'timestamp'},
        {'name': 'is_deleted', 'type': 'boolean'},
        {'name': 'updated_at', 'type': 'timestamp'}
    ]
) }}
