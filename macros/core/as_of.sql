{#- The project's as-of day (var as_of_date; empty or 'today' = today in UTC). -#}
{% macro as_of_date_value() -%}
    {%- set configured = var('as_of_date', '') | string | trim -%}
    {%- if configured in ('', 'today', 'none', 'None') -%}
        {{ return(modules.datetime.datetime.utcnow().date().isoformat()) }}
    {%- endif -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', configured) -%}
        {{ exceptions.raise_compiler_error("var as_of_date must be YYYY-MM-DD, got '" ~ configured ~ "' (env CRM_AS_OF)") }}
    {%- endif -%}
    {{ return(configured) }}
{%- endmacro %}

{#- The as-of day as a SQL date literal. -#}
{% macro as_of_date() -%}
    cast('{{ as_of_date_value() }}' as date)
{%- endmacro %}

{#- The cut-off instant: events strictly before it count (the end of the as-of day, UTC). -#}
{% macro as_of_cutoff() -%}
    {%- set day = modules.datetime.date.fromisoformat(as_of_date_value()) -%}
    cast('{{ (day + modules.datetime.timedelta(days=1)).isoformat() }} 00:00:00' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- A timestamp kept only when it happened by the cut-off (else null: not happened yet). -#}
{% macro as_of_event(column) -%}
    case when {{ column }} < {{ as_of_cutoff() }} then {{ column }} end
{%- endmacro %}

{% macro reporting_currency() -%}
    '{{ var("reporting_currency") | upper }}'
{%- endmacro %}

{#- Fractional days / hours between two timestamps: (t2 - t1) in seconds / 86400 (3600).
    Dispatched: Spark reads 86400.0 as a decimal and rounds the quotient (macros/spark). -#}
{% macro days_between(start_at, end_at) -%}
    {{ return(adapter.dispatch('days_between')(start_at, end_at)) }}
{%- endmacro %}

{% macro default__days_between(start_at, end_at) -%}
    ({{ dbt.datediff(start_at, end_at, 'second') }} / 86400.0)
{%- endmacro %}

{% macro hours_between(start_at, end_at) -%}
    {{ return(adapter.dispatch('hours_between')(start_at, end_at)) }}
{%- endmacro %}

{% macro default__hours_between(start_at, end_at) -%}
    ({{ dbt.datediff(start_at, end_at, 'second') }} / 3600.0)
{%- endmacro %}
