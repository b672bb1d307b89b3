{#- The project's as-of day: env CRM_AS_OF (or var as_of_date, a run setting:
    macros/core/settings.sql); when empty or 'today', the sample's day (var sample_as_of_date)
    if the sample is the input (CRM_RAW_DIR unset or the project's seeds/crm_sample/ folder),
    else today in UTC. salesdw load resolves it the same way. -#}
{% macro as_of_date_value() -%}
    {%- if not execute -%}
        {#- parsing: any day will do (see run_setting), and no env var is read -#}
        {{ return(var('sample_as_of_date') | string) }}
    {%- endif -%}
    {%- set configured = run_setting(name='as_of_date', env='CRM_AS_OF', default='') | string | trim -%}
    {%- if configured in ('', 'today', 'none', 'None') -%}
        {%- if is_sample_input() -%}
            {{ return(var('sample_as_of_date') | string) }}
        {%- endif -%}
        {{ return(modules.datetime.datetime.utcnow().date().isoformat()) }}
    {%- endif -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', configured) -%}
        {{ exceptions.raise_compiler_error("var as_of_date must be YYYY-MM-DD, got '" ~ configured ~ "' (env CRM_AS_OF)") }}
    {%- endif -%}
    {{ return(configured) }}
{%- endmacro %}

{#- True when the input is the committed sample: CRM_RAW_DIR unset, or the seeds/crm_sample/ folder. -#}
{% macro is_sample_input() -%}
    {%- set raw_dir = env_var('CRM_RAW_DIR', '') | trim -%}
    {%- set raw_dir = raw_dir[:-1] if raw_dir.endswith('/') else raw_dir -%}
    {{ return(raw_dir in ('', 'seeds/crm_sample', './seeds/crm_sample') or raw_dir == project_root_dir() ~ '/seeds/crm_sample') }}
{%- endmacro %}

{% macro project_root_dir() -%}
    {{ return(env_var('DBT_PROJECT_DIR', env_var('PWD', '.'))) }}
{%- endmacro %}

{#- on-run-start: refuse a run whose as-of day or CRM source differs from the load's
    (raw._load_info, written by salesdw load), so one warehouse never mixes as-of days. Skipped
    when raw data was landed by another tool (no _load_info). -#}
{% macro check_run_matches_load() -%}
    {%- if execute -%}
        {%- set fx_rates = source('crm', 'fx_rates') -%}
        {%- set load_info = adapter.get_relation(
            database=fx_rates.database, schema=fx_rates.schema, identifier='_load_info') -%}
        {%- if load_info is not none -%}
            {%- set columns = adapter.get_columns_in_relation(load_info) | map(attribute='name') | list -%}
            {%- set loaded = run_query("select as_of_date, raw_dir, "
                ~ ("crm_source" if "crm_source" in columns else "'contract'") ~ " from " ~ load_info) -%}
            {%- if loaded.rows | length == 1 and loaded.rows[0][2] != crm_source() -%}
                {{ exceptions.raise_compiler_error(
                    "The raw data in this warehouse was loaded from " ~ loaded.rows[0][1] ~ " as a "
                    ~ loaded.rows[0][2] ~ " export, but this run reads it as " ~ crm_source()
                    ~ " (env CRM_SOURCE='" ~ env_var('CRM_SOURCE', '') ~ "'). Run with CRM_SOURCE="
                    ~ loaded.rows[0][2] ~ ", or reload the input with the CRM_SOURCE you want.") }}
            {%- endif -%}
            {%- if loaded.rows | length == 1 and loaded.rows[0][0] != as_of_date_value() -%}
                {{ exceptions.raise_compiler_error(
                    "The raw data in this warehouse was loaded from " ~ loaded.rows[0][1] ~ " as of "
                    ~ loaded.rows[0][0] ~ ", but this run's as_of_date is " ~ as_of_date_value()
                    ~ " (env CRM_AS_OF='" ~ env_var('CRM_AS_OF', '') ~ "'). Run with CRM_AS_OF="
                    ~ loaded.rows[0][0] ~ ", or reload the input as of the day you want "
                    ~ "(CRM_AS_OF=YYYY-MM-DD make build).") }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    select 1
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
    '{{ reporting_currency_code() }}'
{%- endmacro %}

{#- The currency every fx_rates row is quoted against (its own rate is 1). -#}
{% macro fx_base_currency() -%}
    '{{ fx_base_currency_code() }}'
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

{#- Sums and averages of doubles that do not depend on the order the engine adds the rows in
    (a parallel float sum can differ in its last bits from run to run): each value is cast to
    decimal(38, 12), summed exactly, and the result returned as a double. Two builds of the same
    input give bit-identical KPIs. Values must stay below 1e26 (amounts are bounded at
    max_plausible_amount). -#}
{% macro exact_sum(expr) -%}
    cast(sum(cast({{ expr }} as decimal(38, 12))) as {{ type_double() }})
{%- endmacro %}

{% macro exact_avg(expr) -%}
    cast(avg(cast({{ expr }} as decimal(38, 12))) as {{ type_double() }})
{%- endmacro %}

{#- is_complete_period: true when the period ended before the as-of day, i.e. it starts before
    the start of the as-of day's period of the same grain. The as-of period itself (data up to the
    end of the as-of day, month-to-date) is never complete, even on its last day; the `snapshot`
    grain (the as-of day) and any later period (a forecast month) are not complete either.
    grain: a column or a quoted literal ('month', 'quarter', 'year', 'snapshot');
    period_start: a date column. Compared with dates fixed at compile time (the as-of day is). -#}
{% macro is_complete_period(grain, period_start) -%}
    {%- set day = modules.datetime.date.fromisoformat(as_of_date_value()) -%}
    {%- set current_starts = {
        'month': day.replace(day=1),
        'quarter': day.replace(month=((day.month - 1) // 3) * 3 + 1, day=1),
        'year': day.replace(month=1, day=1),
    } -%}
    case {{ grain }}
        {%- for grain_name, current_start in current_starts.items() %}
        when '{{ grain_name }}' then {{ period_start }} < cast('{{ current_start.isoformat() }}' as date)
        {%- endfor %}
        else false
    end
{%- endmacro %}

{#- The currency of an amount: the reporting currency for the KPI units that are money
    (currency, currency_per_day), null for every other unit. unit: a column or a quoted literal. -#}
{% macro unit_currency_code(unit) -%}
    case when {{ unit }} in ('currency', 'currency_per_day') then {{ reporting_currency() }} end
{%- endmacro %}
