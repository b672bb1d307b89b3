{#- Parsing raw text into typed values without ever raising: a value that does not parse
    becomes null, and staging quarantines the row (raw value present, parsed value null).
    Every macro is dispatched so other engines can override it. -#}

{% macro regex_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'sales_warehouse')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(expr, pattern) -%}
    ({{ expr }} ~ '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__regex_matches(expr, pattern) -%}
    ({{ expr }} rlike '{{ pattern }}')
{%- endmacro %}


{#- ISO 8601 timestamp text -> naive timestamp in UTC. Accepted, and nothing else (the patterns
    are anchored, so a zone name or abbreviation like `EST` or `Europe/Paris` is null and its row
    quarantined):
      2024-03-05T14:22:10Z, 2024-03-05 14:22:10+02:00, ...+0200, ...+02   an offset: honoured
      (Z in either case; no space before the offset)
      2024-03-05T14:22:10, 2024-03-05 14:22, 2024-03-05T14:22:10.123      naive: UTC
      2024-03-05                                                          a date: midnight UTC
    Every engine's version checks the text against these two patterns before casting. -#}
{% macro iso_timestamp_pattern(with_offset) -%}
    {%- set date_time = '^[0-9]{4}-[0-9]{2}-[0-9]{2}' -%}
    {%- set clock = '[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?' -%}
    {%- if with_offset -%}
        {{ return(date_time ~ clock ~ '(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$') }}
    {%- else -%}
        {{ return(date_time ~ '(' ~ clock ~ ')?$') }}
    {%- endif -%}
{%- endmacro %}

{% macro parse_timestamp_utc(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'sales_warehouse')(expr)) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp_utc(expr) -%}
    case
        when {{ regex_matches(expr, iso_timestamp_pattern(true)) }}
            then timezone('UTC', try_cast(upper({{ expr }}) as timestamptz))
        when {{ regex_matches(expr, iso_timestamp_pattern(false)) }}
            then try_cast({{ expr }} as timestamp)
    end
{%- endmacro %}

{% macro parse_date(expr) -%}
    {{ return(adapter.dispatch('parse_date', 'sales_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__parse_date(expr) -%}
    case
        when {{ regex_matches(expr, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') }}
            then {{ dbt.safe_cast(expr, 'date') }}
    end
{%- endmacro %}

{% macro duckdb__parse_date(expr) -%}
    case
        when {{ regex_matches(expr, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') }}
            then try_cast({{ expr }} as date)
    end
{%- endmacro %}

{#- A plain decimal: an optional minus, digits, an optional fraction (`1200`, `-3.5`, `.5`).
    No exponent (`1e308`), no sign `+`, no thousands separator; a value too large for a double
    (hundreds of digits) is null too. Amounts of money are also bounded, by the record rules
    (crm_invalid_reason, var max_plausible_amount). -#}
{% macro plain_decimal_pattern() -%}
    {{ return('^-?([0-9]+([.][0-9]+)?|[.][0-9]+)$') }}
{%- endmacro %}

{% macro parse_numeric(expr) -%}
    {{ return(adapter.dispatch('parse_numeric', 'sales_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__parse_numeric(expr) -%}
    case
        when {{ regex_matches(expr, plain_decimal_pattern()) }}
            and abs({{ dbt.safe_cast(expr, type_double()) }}) <= 1.7976931348623157e308
            then {{ dbt.safe_cast(expr, type_double()) }}
    end
{%- endmacro %}

{% macro duckdb__parse_numeric(expr) -%}
    case
        when {{ regex_matches(expr, plain_decimal_pattern()) }}
            and isfinite(try_cast({{ expr }} as double))
            then try_cast({{ expr }} as double)
    end
{%- endmacro %}

{% macro parse_integer(expr) -%}
    {{ return(adapter.dispatch('parse_integer', 'sales_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__parse_integer(expr) -%}
    case
        when {{ regex_matches(expr, '^[+-]?[0-9]{1,9}$') }}
            then {{ dbt.safe_cast(expr, dbt.type_int()) }}
    end
{%- endmacro %}

{% macro duckdb__parse_integer(expr) -%}
    case
        when {{ regex_matches(expr, '^[+-]?[0-9]{1,9}$') }}
            then try_cast({{ expr }} as integer)
    end
{%- endmacro %}

{#- true/false in any case, 1/0; anything else is null (and quarantined when present). -#}
{% macro parse_boolean(expr) -%}
    case
        when lower({{ expr }}) in ('true', '1') then true
        when lower({{ expr }}) in ('false', '0') then false
    end
{%- endmacro %}

{#- 64-bit floating point on every engine (type_double() is 32-bit on DuckDB). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'sales_warehouse')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
