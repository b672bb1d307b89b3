{#-
  Helpers of the HubSpot adapter (models/crm_adapters/hubspot): picklist mappings from dbt vars.

  hubspot_lookup(expr, var_name, fallback)
    A case expression mapping lower(trim(expr)) through the dict var `var_name` (keys compared
    lower-case), else `fallback` (SQL). The var's default lives in dbt_project.yml; a mapping file
    (CRM_MAPPING) overrides it.
  hubspot_contains(expr, var_name, fallback)
    Like hubspot_lookup, but a key matches when lower(expr) contains it; the first key in the
    dict's order wins.
  hubspot_text(expr)
    expr cast to text.
  hubspot_bool_text(expr)
    A boolean expression as the contract's 'true' / 'false' (null stays null).
-#}
{% macro hubspot_lookup(expr, var_name, fallback='null') -%}
    {%- set mapping = var(var_name) -%}
    {%- if mapping | length == 0 -%}
    {{ fallback }}
    {%- else -%}
    case lower(trim({{ expr }}))
        {%- for key, value in mapping.items() %}
        when '{{ key | string | lower | replace("'", "''") }}' then '{{ value | string | replace("'", "''") }}'
        {%- endfor %}
        else {{ fallback }}
    end
    {%- endif -%}
{%- endmacro %}

{% macro hubspot_contains(expr, var_name, fallback='null') -%}
    {%- set mapping = var(var_name) -%}
    {%- if mapping | length == 0 -%}
    {{ fallback }}
    {%- else -%}
    case
        {%- for key, value in mapping.items() %}
        when lower({{ expr }}) like '%{{ key | string | lower | replace("'", "''") }}%'
            then '{{ value | string | replace("'", "''") }}'
        {%- endfor %}
        else {{ fallback }}
    end
    {%- endif -%}
{%- endmacro %}

{% macro hubspot_text(expr) -%}
    cast({{ expr }} as {{ dbt.type_string() }})
{%- endmacro %}

{% macro hubspot_bool_text(expr) -%}
    case when ({{ expr }}) then 'true' when not ({{ expr }}) then 'false' end
{%- endmacro %}

{#- The date of a HubSpot date-time: its first ten characters when they look like a date, else the
    raw text (staging then quarantines it as unparseable). -#}
{% macro hubspot_date_part(expr) -%}
    case
        when {{ regex_matches(expr, '^[0-9]{4}-[0-9]{2}-[0-9]{2}') }} then substr({{ expr }}, 1, 10)
        else {{ expr }}
    end
{%- endmacro %}

{#- true when a HubSpot flag column says true ('true' / '1', any case); false when null. -#}
{% macro hubspot_flag(expr) -%}
    coalesce({{ parse_boolean(expr) }}, false)
{%- endmacro %}

{#- A computed number as a plain decimal with nine decimals ('1.500000000'), spelled the same on
    every engine (a double's text differs: '2.0' on DuckDB, '2' on Postgres). An absurdly large
    value (1e18 and up) is written as the engine spells the double, rather than fail the cast. -#}
{% macro hubspot_decimal_text(expr) -%}
    case
        when abs({{ expr }}) < 1e18 then cast(cast({{ expr }} as decimal(38, 9)) as {{ dbt.type_string() }})
        else cast({{ expr }} as {{ dbt.type_string() }})
    end
{%- endmacro %}
