{#- Land each layer in its own schema (raw, staging, intermediate, core, marts, quarantine),
    with the same names on every target, so grants and BI browsing stay simple.
    Set DBT_SCHEMA_PREFIX (e.g. a developer's name) to keep several builds apart in one database. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set prefix = env_var('DBT_SCHEMA_PREFIX', '') -%}
    {%- set name = custom_schema_name if custom_schema_name is not none else target.schema -%}
    {{ (prefix ~ '_' ~ name) if prefix else name }}
{%- endmacro %}
