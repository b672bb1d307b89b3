{#- KPIs built from dated records (csat, csat_satisfied_share, roas): for every member, a
    quarter's numerator and denominator are the sums of its months', and a year's the sums of
    its quarters'; a member row exists in a quarter exactly when it has a row in one of its
    months. (dau_mau and competitor_price_index are not additive: distinct users, and prices
    averaged over the period; market_share is yearly.) -#}
{%- set kpi_models = ['kpi_csat', 'kpi_csat_satisfied_share', 'kpi_roas'] %}
with

{% for kpi_model in kpi_models %}
{{ kpi_model }} as (

    select * from {{ ref(kpi_model) }}

),

{% endfor %}
kpi_rows as (

    {%- for kpi_model in kpi_models %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        numerator,
        denominator
    from {{ kpi_model }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

{% for grain, parent in [('month', 'quarter'), ('quarter', 'year')] %}
{{ grain }}_rollup as (

    select
        kpi_id,
        '{{ parent }}' as grain,
        cast({{ dbt.date_trunc(parent, 'period_start') }} as date) as period_start,
        dimension,
        dimension_value,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from kpi_rows
    where grain = '{{ grain }}'
    group by
        kpi_id,
        cast({{ dbt.date_trunc(parent, 'period_start') }} as date),
        dimension,
        dimension_value

),

{% endfor %}
rollups as (

    select * from month_rollup
    union all
    select * from quarter_rollup

),

parent_rows as (

    select * from kpi_rows
    where grain in ('quarter', 'year')

),

final as (

    select
        coalesce(rollups.kpi_id, parent_rows.kpi_id) as kpi_id,
        coalesce(rollups.grain, parent_rows.grain) as grain,
        coalesce(rollups.period_start, parent_rows.period_start) as period_start,
        coalesce(rollups.dimension, parent_rows.dimension) as dimension,
        coalesce(rollups.dimension_value, parent_rows.dimension_value) as dimension_value,
        rollups.numerator as rolled_up_numerator,
        parent_rows.numerator as period_numerator,
        rollups.denominator as rolled_up_denominator,
        parent_rows.denominator as period_denominator
    from rollups
    full outer join parent_rows
        on rollups.kpi_id = parent_rows.kpi_id
            and rollups.grain = parent_rows.grain
            and rollups.period_start = parent_rows.period_start
            and rollups.dimension = parent_rows.dimension
            and rollups.dimension_value = parent_rows.dimension_value
    where
        rollups.kpi_id is null
        or parent_rows.kpi_id is null
        or abs(rollups.numerator - parent_rows.numerator) > 0.000001 * (1 + abs(parent_rows.numerator))
        or abs(rollups.denominator - parent_rows.denominator) > 0.000001 * (1 + abs(parent_rows.denominator))

)

select * from final
