{%- set provider = crm_table_provider(table='rep_surveys') -%}
{{ crm_checked_rows(
    table='rep_surveys',
    input_relation=source('crm', 'rep_surveys') if provider == 'contract' else ref(provider ~ '__rep_surveys'),
    primary_key=['response_id'],
    version_by=none,
    columns=[
        {'name': 'response_id', 'type': 'key'},
        {'name': 'user_id', 'type': 'key'},
        {'name': 'responded_at', 'type': 'timestamp', 'required': true},
        {'name': 'score', 'type': 'integer', 'required': true, 'min': 1, 'max': 10}
    ]
) }}
