{#- Fractional days / hours on Spark. A literal like 86400.0 is a DECIMAL on Spark, and
    bigint / decimal is rounded to 6 decimal places on every record (DuckDB divides in
    double): dividing by a double gives DuckDB's values (dispatched from days_between /
    hours_between in macros/core/as_of.sql). -#}
{% macro spark__days_between(start_at, end_at) -%}
    ({{ dbt.datediff(start_at, end_at, 'second') }} / cast(86400 as double))
{%- endmacro %}

{% macro spark__hours_between(start_at, end_at) -%}
    ({{ dbt.datediff(start_at, end_at, 'second') }} / cast(3600 as double))
{%- endmacro %}
