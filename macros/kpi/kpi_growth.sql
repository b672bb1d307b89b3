{#-
  kpi_growth: (value of the period - value of the compared period) / the compared period's,
  from a count/sum KPI model in the long shape.
    base_model    the KPI model to compare (ref name), e.g. 'kpi_new_leads'
    kpi_id        the growth KPI's id
    months_back   12 = same period a year earlier (yoy, every grain); 1 = previous month (mom)
    grains        grains to compute
    dimensions    the dimensions to keep
  A row exists where the member has a value in either period (a missing one counts as 0);
  numerator = current - previous, denominator = previous, value null when previous is 0.
  Returns CTEs ending in growth_kpi.
-#}
{% macro kpi_growth(base_model, kpi_id, months_back, grains, dimensions) %}

base_values as (

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        value
    from {{ ref(base_model) }}
    where
        grain in ('{{ grains | join("', '") }}')
        and dimension in ('{{ dimensions | join("', '") }}')

),

compared_values as (

    select
        grain,
        cast({{ dbt.dateadd('month', months_back, 'period_start') }} as date) as period_start,
        dimension,
        dimension_value,
        value
    from base_values

),

growth_rows as (

    select
        coalesce(base_values.grain, compared_values.grain) as grain,
        coalesce(base_values.period_start, compared_values.period_start) as period_start,
        coalesce(base_values.dimension, compared_values.dimension) as dimension,
        coalesce(base_values.dimension_value, compared_values.dimension_value) as dimension_value,
        coalesce(base_values.value, 0) - coalesce(compared_values.value, 0) as numerator,
        coalesce(compared_values.value, 0) as denominator
    from base_values
    full outer join compared_values
        on base_values.grain = compared_values.grain
            and base_values.period_start = compared_values.period_start
            and base_values.dimension = compared_values.dimension
            and base_values.dimension_value = compared_values.dimension_value
    where coalesce(base_values.period_start, compared_values.period_start) <= {{ as_of_date() }}

),

growth_kpi as (

    {{ kpi_rows('growth_rows', kpi_id, 'ratio', 'ratio') }}

)

{% endmacro %}
