{#- run_setting: a setting of the run (as-of day, reporting currency, ...). The dbt var `name`
    when one is given (`--vars`, or a unit test's `overrides`), else the env var `env`, else
    `default`. The env var is read only while dbt executes (renders the SQL it runs), never
    while it parses: dbt parses the whole project again when a var of dbt_project.yml changes,
    and every file again whose parse read a changed env var. A setting changes only the SQL dbt
    runs, which it renders afresh on every run, so a build with another as-of day or currency
    reuses the last parse (target/partial_parse.msgpack). While parsing it is `default`. -#}
{% macro run_setting(name=none, env=none, default=none) -%}
    {%- do require_keyword_arguments('run_setting', {'name': name, 'env': env, 'default': default}) -%}
    {%- set given = var(name, none) -%}
    {%- if given is not none -%}
        {{ return(given | string) }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return(default) }}
    {%- endif -%}
    {{ return(env_var(env, default)) }}
{%- endmacro %}

{#- The reporting currency's ISO code: env CRM_REPORTING_CURRENCY (or var reporting_currency, a
    run setting: macros/core/settings.sql), USD by default. -#}
{% macro reporting_currency_code() -%}
    {{ return(run_setting(name='reporting_currency', env='CRM_REPORTING_CURRENCY', default='USD') | trim | upper) }}
{%- endmacro %}

{#- The currency every fx_rates row is quoted against: env CRM_FX_BASE (or var fx_base_currency),
    USD by default. -#}
{% macro fx_base_currency_code() -%}
    {{ return(run_setting(name='fx_base_currency', env='CRM_FX_BASE', default='USD') | trim | upper) }}
{%- endmacro %}

{#- The day of each month MRR is read on: env CRM_MRR_SNAPSHOT (or var mrr_snapshot),
    month_end (default) or month_start; another value is a compilation error. -#}
{% macro mrr_snapshot() -%}
    {%- set value = run_setting(name='mrr_snapshot', env='CRM_MRR_SNAPSHOT', default='month_end') | string -%}
    {%- if value | trim not in ('month_end', 'month_start') -%}
        {{ exceptions.raise_compiler_error(
            "CRM_MRR_SNAPSHOT='" ~ value ~ "' (var mrr_snapshot): the day MRR is read on must be "
            ~ "month_end or month_start. Set one of them, or unset it for month_end.") }}
    {%- endif -%}
    {{ return(value | trim) }}
{%- endmacro %}

{#- on-run-start: a run setting the warehouse cannot use (CRM_MRR_SNAPSHOT, CRM_MAX_AMOUNT)
    stops the run before any model, whichever models it selects (salesdw load checks the same
    env vars: salesdw/run_settings.py). -#}
{% macro check_run_settings() -%}
    {%- if execute -%}
        {%- do mrr_snapshot() -%}
        {%- do max_plausible_amount() -%}
    {%- endif -%}
    select 1
{%- endmacro %}
