{#- Which CRM the raw data comes from (var crm_source, env CRM_SOURCE): 'contract' (files in
    the contract's format, landed in raw), 'salesforce' or 'hubspot' (the CRM's own objects,
    converted to the contract's tables by the adapter models in models/crm_adapters/<crm>/). -#}
{% macro crm_source() -%}
    {%- set name = var('crm_source') | trim | lower -%}
    {%- set known = ['contract'] + (var('crm_source_tables').keys() | list) -%}
    {%- if name not in known -%}
        {{ exceptions.raise_compiler_error(
            "var crm_source (env CRM_SOURCE) is '" ~ name ~ "': it must be one of "
            ~ known | join(', ') ~ ".") }}
    {%- endif -%}
    {{ return(name) }}
{%- endmacro %}

{#- Who provides a contract table in this run: the CRM's adapter ('salesforce', 'hubspot')
    when the table is in var crm_source_tables for the CRM, else 'contract' (the contract file
    in the same folder, or an empty table). A base model reads
    `source('crm', table)` or `ref(provider ~ '__' ~ table)` accordingly. -#}
{% macro crm_table_provider(table) -%}
    {%- set name = crm_source() -%}
    {%- if name != 'contract' and table in var('crm_source_tables')[name] -%}
        {{ return(name) }}
    {%- endif -%}
    {{ return('contract') }}
{%- endmacro %}
