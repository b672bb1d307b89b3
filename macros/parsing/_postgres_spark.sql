{#- Parsing on engines without try_cast. Postgres: small exception-catching functions,
    created by the on-run-start hook `create_parsing_functions` in the target's `util` schema.
    Spark: a cast that fails returns null (ANSI mode off) and the session time zone is UTC. -#}

{% macro create_parsing_functions() -%}
    {{ return(adapter.dispatch('create_parsing_functions', 'sales_warehouse')()) }}
{%- endmacro %}

{% macro default__create_parsing_functions() -%}
    select 1
{%- endmacro %}

{% macro postgres__create_parsing_functions() -%}
    create schema if not exists util;
    {%- for name, sql_type in [('timestamptz', 'timestamptz'), ('timestamp', 'timestamp'),
                               ('date', 'date'), ('double', 'double precision')] %}
    create or replace function util.try_{{ name }}(value text) returns {{ sql_type }}
    language plpgsql immutable as $$
    begin
        return value::{{ sql_type }};
    exception when others then
        return null;
    end;
    $$;
    {%- endfor %}
{%- endmacro %}

{% macro postgres__parse_timestamp_utc(expr) -%}
    case
        when {{ regex_matches(expr, iso_timestamp_pattern(true)) }}
            then util.try_timestamptz(upper({{ expr }})) at time zone 'UTC'
        when {{ regex_matches(expr, iso_timestamp_pattern(false)) }}
            then util.try_timestamp({{ expr }})
    end
{%- endmacro %}

{% macro postgres__parse_date(expr) -%}
    case
        when {{ regex_matches(expr, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') }}
            then util.try_date({{ expr }})
    end
{%- endmacro %}

{% macro postgres__parse_numeric(expr) -%}
    case
        when {{ regex_matches(expr, plain_decimal_pattern()) }}
            then util.try_double({{ expr }})
    end
{%- endmacro %}

{#- Spark's cast would also take a zone name (`EST`, `Europe/Paris`): the anchored patterns
    admit only the ISO 8601 forms, as on the other engines. Spark reads an offset only after the
    seconds and a `Z` only in upper case, so `14:22+02:00` is cast as `14:22:00+02:00`. -#}
{% macro spark__parse_timestamp_utc(expr) -%}
    case
        when {{ regex_matches(expr, iso_timestamp_pattern(true)) }}
            then cast(regexp_replace(upper({{ expr }}), '^(.{10}[T ][0-9]{2}:[0-9]{2})([Z+-])', '$1:00$2') as timestamp)
        when {{ regex_matches(expr, iso_timestamp_pattern(false)) }}
            then cast({{ expr }} as timestamp)
    end
{%- endmacro %}
