{#- Spark (session mode, Hive catalog without SQL-standard authorization) has no GRANT:
    "Operation not allowed: grant". The marts' `grants` config (for Postgres' bi_reader)
    is skipped on Spark; access to a Spark warehouse is governed outside SQL. -#}
{% macro spark__apply_grants(relation, grant_config, should_revoke=True) -%}
    {%- if grant_config and execute -%}
        {%- set grantees = grant_config.values() | map('list') | sum(start=[]) | reject('equalto', '') | list -%}
        {%- if grantees -%}
            {{ log("grants on " ~ relation ~ " skipped: Spark has no GRANT (" ~ grant_config ~ ")", info=False) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
