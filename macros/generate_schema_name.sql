{#- Land each layer in its own schema (raw, staging, intermediate, core, marts, quarantine),
    with the same names on every target, so grants and BI browsing stay simple.
    Set DBT_SCHEMA_PREFIX (e.g. a developer's name) to keep several builds apart in one database.
    On Postgres the marts are built into a side schema, marts + var marts_build_suffix (env
    SALESDW_PUBLISH_SCHEMA_SUFFIX, default __building), tested there, and swapped in as `marts`
    in one transaction by `salesdw pg publish`; an empty suffix builds them in place. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set name = layer_schema_name(custom_schema_name if custom_schema_name is not none else target.schema) -%}
    {%- if custom_schema_name == 'marts' -%}
        {%- set name = name ~ marts_build_suffix() -%}
    {%- endif -%}
    {{ name }}
{%- endmacro %}

{#- The schema a layer lives in (what BI reads for the marts), DBT_SCHEMA_PREFIX applied. -#}
{% macro layer_schema_name(name) -%}
    {%- set prefix = env_var('DBT_SCHEMA_PREFIX', '') -%}
    {{ return((prefix ~ '_' ~ name) if prefix else name) }}
{%- endmacro %}

{#- '' (build in place) on every engine but Postgres, where schemas can be swapped atomically. -#}
{% macro marts_build_suffix() -%}
    {{ return((var('marts_build_suffix', '') | string | trim) if target.type == 'postgres' else '') }}
{%- endmacro %}
