{#- The catalog's deal attribution as dim_ columns for kpi_aggregate: owner (rep), the
    owner's team, the account's region and segment, lead source and deal type. -#}
{% macro deal_dimension_columns(deals, dimensions=['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type']) -%}
    {%- set columns = {
        'overall': "'all'",
        'rep': deals ~ '.owner_id',
        'team': deals ~ '.team_id',
        'region': deals ~ '.region',
        'segment': deals ~ '.segment',
        'lead_source': deals ~ '.lead_source',
        'deal_type': deals ~ '.deal_type',
    } -%}
    {%- for dimension in dimensions %}
    {{ columns[dimension] }} as dim_{{ dimension }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- The same dimensions, not counted (for records that feed other dimensions only). -#}
{% macro no_dimension_columns(dimensions) -%}
    {%- for dimension in dimensions %}
    cast(null as {{ dbt.type_string() }}) as dim_{{ dimension }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
