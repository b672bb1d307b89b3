{#- Date arithmetic on Spark, with the results DuckDB and Postgres give.

    dbt-spark's own dateadd / datediff wrap every argument in assert_not_null(...) and repeat
    it up to six times; an argument that is a scalar subquery (day_spine's bounds) is then
    planned and run once per copy, which made dim_dates take ten minutes. These versions use
    each argument once. -#}

{#- timestampadd(unit, n, x): a timestamp, as dbt's dateadd promises (a date is midnight in
    the session time zone, UTC); months clamp to the month's last day like DuckDB's interval
    arithmetic (2024-01-31 + 1 month = 2024-02-29). -#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    {%- set units = {
        'year': 'YEAR', 'quarter': 'QUARTER', 'month': 'MONTH', 'week': 'WEEK', 'day': 'DAY',
        'hour': 'HOUR', 'minute': 'MINUTE', 'second': 'SECOND',
        'millisecond': 'MILLISECOND', 'microsecond': 'MICROSECOND'} -%}
    {%- if datepart | lower not in units -%}
        {{ exceptions.raise_compiler_error("dateadd: datepart '" ~ datepart ~ "' is not supported on Spark") }}
    {%- endif -%}
    timestampadd({{ units[datepart | lower] }}, cast({{ interval }} as bigint), {{ from_date_or_timestamp }})
{%- endmacro %}

{#- The number of datepart boundaries crossed from first_date to second_date (DuckDB's
    date_diff and dbt-postgres' datediff): whole days between the dates, calendar months
    between the months, and for hour/minute/second the difference of whole units since the
    epoch. -#}
{% macro spark__datediff(first_date, second_date, datepart) -%}
    {%- set part = datepart | lower -%}
    {%- if part == 'day' -%}
        datediff(cast({{ second_date }} as date), cast({{ first_date }} as date))
    {%- elif part in ('month', 'quarter', 'year') -%}
        {%- set divisor = {'month': 1, 'quarter': 3, 'year': 12}[part] -%}
        {%- set a = 'cast(' ~ first_date ~ ' as date)' -%}
        {%- set b = 'cast(' ~ second_date ~ ' as date)' -%}
        {%- if part == 'year' -%}
        (year({{ b }}) - year({{ a }}))
        {%- else -%}
        (floor((year({{ b }}) * 12 + month({{ b }}) - 1) / {{ divisor }})
         - floor((year({{ a }}) * 12 + month({{ a }}) - 1) / {{ divisor }}))
        {%- endif -%}
    {%- elif part in ('hour', 'minute', 'second') -%}
        {%- set divisor = {'hour': 3600, 'minute': 60, 'second': 1}[part] -%}
        {%- if divisor == 1 -%}
        (unix_seconds(cast({{ second_date }} as timestamp)) - unix_seconds(cast({{ first_date }} as timestamp)))
        {%- else -%}
        (floor(unix_seconds(cast({{ second_date }} as timestamp)) / {{ divisor }})
         - floor(unix_seconds(cast({{ first_date }} as timestamp)) / {{ divisor }}))
        {%- endif -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("datediff: datepart '" ~ datepart ~ "' is not supported on Spark") }}
    {%- endif -%}
{%- endmacro %}
