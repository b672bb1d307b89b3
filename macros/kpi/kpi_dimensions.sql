{#- deal_dimension_columns: the catalog's deal attribution as dim_ columns for kpi_aggregate:
    owner (rep), the owner's team, the account's region and segment, lead source and deal type.
    Keyword arguments only:
      deals       name (or alias) of the relation with the fct_deals columns (required)
      dimensions  the dim_ columns to emit, default all seven
    e.g. {{ deal_dimension_columns(deals='deals', dimensions=['overall', 'rep']) }} -#}
{% macro deal_dimension_columns(
    deals=none, dimensions=['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type']
) -%}
    {%- do require_keyword_arguments('deal_dimension_columns', {'deals': deals}) -%}
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

{#- no_dimension_columns: the same dim_ columns, all null: records that count in no dimension
    of the list (they feed other dimensions only). Keyword argument (required):
      dimensions  the dim_ columns to emit, e.g. {{ no_dimension_columns(dimensions=['rep']) }} -#}
{% macro no_dimension_columns(dimensions=none) -%}
    {%- do require_keyword_arguments('no_dimension_columns', {'dimensions': dimensions}) -%}
    {%- for dimension in dimensions %}
    cast(null as {{ dbt.type_string() }}) as dim_{{ dimension }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
