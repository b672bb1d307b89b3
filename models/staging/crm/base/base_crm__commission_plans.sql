{%- set provider = crm_table_provider(table='commission_plans') -%}
{{ crm_checked_rows(
    table='commission_plans',
    input_relation=source('crm', 'commission_plans') if provider == 'contract' else ref(provider ~ '__commission_plans'),
    primary_key=['user_id', 'effective_from'],
    version_by=none,
    columns=[
        {'name': 'user_id', 'type': 'key'},
        {'name': 'effective_from', 'type': 'date'},
        {'name': 'effective_to', 'type': 'date'},
        {'name': 'base_rate', 'type': 'ratio', 'required': true},
        {'name': 'accelerator_threshold', 'type': 'amount'},
        {'name': 'accelerator_rate', 'type': 'ratio'}
    ],
    checks=[
        ["effective_to < effective_from", "end before start: effective_to < effective_from"]
    ]
) }}
