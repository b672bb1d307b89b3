{%- set provider = crm_table_provider(table='pipeline_stages') -%}
{{ crm_checked_rows(
    table='pipeline_stages',
    input_relation=source('crm', 'pipeline_stages') if provider == 'contract' else ref(provider ~ '__pipeline_stages'),
    primary_key=['pipeline', 'stage_name'],
    version_by=none,
    columns=[
        {'name': 'pipeline', 'type': 'key'},
        {'name': 'stage', 'type': 'key', 'rename': 'stage_name'},
        {'name': 'stage_order', 'type': 'integer', 'required': true},
        {'name': 'probability', 'type': 'ratio'},
        {'name': 'is_closed', 'type': 'boolean'},
        {'name': 'is_won', 'type': 'boolean'}
    ]
) }}
