{#-
  kpi_growth: (value of the period - value of the compared period) / the compared period's,
  from a count/sum KPI in the long shape. Emits CTEs ending in `output`; it reads only the
  CTEs it is given (no ref): the model imports the base KPI and int_kpi_dimension_members.
  Called with keyword arguments only, all required (a compiler error names the one missing):
    base_kpi      name of the CTE holding the KPI to compare (the rows of its kpi_ model),
                  e.g. 'new_leads', the model's import CTE of kpi_new_leads
    kpi_id        the growth KPI's id
    months_back   12 = same period a year earlier (yoy, every grain); 1 = previous month (mom)
    grains        grains to compute, e.g. ['month', 'quarter', 'year']
    dimensions    the dimensions to keep, e.g. ['overall', 'region']
    dimension_members
                  name of the CTE of int_kpi_dimension_members (labels and member order)
    output        the name of the last CTE emitted, the KPI rows; the other CTEs emitted are
                  named <output>_base_values, _compared_values and _growth_rows
  A row exists where the member has a value in either period (a missing one counts as 0);
  numerator = current - previous, denominator = previous, value null when previous is 0.
-#}
{% macro kpi_growth(
    base_kpi=none, kpi_id=none, months_back=none, grains=none, dimensions=none,
    dimension_members=none, output=none
) %}

{%- do require_keyword_arguments('kpi_growth', {
    'base_kpi': base_kpi, 'kpi_id': kpi_id, 'months_back': months_back, 'grains': grains,
    'dimensions': dimensions, 'dimension_members': dimension_members, 'output': output,
}) %}

{{ output }}_base_values as (

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        value
    from {{ base_kpi }}
    where
        grain in ('{{ grains | join("', '") }}')
        and dimension in ('{{ dimensions | join("', '") }}')

),

{{ output }}_compared_values as (

    select
        grain,
        cast({{ dbt.dateadd('month', months_back, 'period_start') }} as date) as period_start,
        dimension,
        dimension_value,
        value
    from {{ output }}_base_values

),

{{ output }}_growth_rows as (

    select
        coalesce(base_values.grain, compared_values.grain) as grain,
        coalesce(base_values.period_start, compared_values.period_start) as period_start,
        coalesce(base_values.dimension, compared_values.dimension) as dimension,
        coalesce(base_values.dimension_value, compared_values.dimension_value) as dimension_value,
        coalesce(base_values.value, 0) - coalesce(compared_values.value, 0) as numerator,
        coalesce(compared_values.value, 0) as denominator
    from {{ output }}_base_values as base_values
    full outer join {{ output }}_compared_values as compared_values
        on base_values.grain = compared_values.grain
            and base_values.period_start = compared_values.period_start
            and base_values.dimension = compared_values.dimension
            and base_values.dimension_value = compared_values.dimension_value
    where coalesce(base_values.period_start, compared_values.period_start) <= {{ as_of_date() }}

),

{{ output }} as (

    {{ kpi_rows(
        rows=output ~ '_growth_rows', kpi_id=kpi_id, unit='ratio', value_type='ratio',
        dimension_members=dimension_members
    ) }}

)

{% endmacro %}
