{%- set provider = crm_table_provider(table='customer_surveys') -%}
{{ crm_checked_rows(
    table='customer_surveys',
    input_relation=source('crm', 'customer_surveys') if provider == 'contract' else ref(provider ~ '__customer_surveys'),
    primary_key=['response_id'],
    version_by=none,
    columns=[
        {'name': 'response_id', 'type': 'key'},
        {'name': 'survey_type', 'type': 'enum', 'values': ['nps', 'csat'], 'required': true},
        {'name': 'account_id', 'type': 'key'},
        {'name': 'contact_id', 'type': 'key'},
        {'name': 'responded_at', 'type': 'timestamp', 'required': true},
        {'name': 'score', 'type': 'integer', 'required': true},
        {'name': 'comment', 'type': 'text'}
    ],
    checks=[
        ["survey_type = 'nps' and (score < 0 or score > 10)", "value outside 0..10: score (nps)"],
        ["survey_type = 'csat' and (score < 1 or score > 5)", "value outside 1..5: score (csat)"]
    ]
) }}
