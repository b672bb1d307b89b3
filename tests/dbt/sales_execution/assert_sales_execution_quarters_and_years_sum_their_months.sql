{#- The sales-execution KPIs built from dated records (every one but leaderboard_rank and
    sales_forecast): a quarter's numerator and denominator equal the sums of its months', and
    a year's the sums of its quarters', for every member; no period exists without its parts. -#}
with

additive as (

    {%- for kpi_model in [
        'kpi_deals_lost', 'kpi_avg_days_in_stage', 'kpi_quote_to_close_rate',
        'kpi_upsell_cross_sell_rate', 'kpi_upsell_cross_sell_revenue_share',
        'kpi_competitor_win_rate', 'kpi_deals_lost_to_competitor', 'kpi_avg_profit_margin',
        'kpi_product_deals_won', 'kpi_product_new_customers'
    ] %}
    select * from {{ ref(kpi_model) }}
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
        sum(coalesce(denominator, 0)) as denominator
    from additive
    where grain = '{{ grain }}'
    group by
        kpi_id,
        {{ dbt.date_trunc(parent, 'period_start') }},
        dimension,
        dimension_value

),

{% endfor %}
rollups as (

    select * from month_rollup
    union all
    select * from quarter_rollup

),

final as (

    select
        coalesce(rollups.kpi_id, additive.kpi_id) as kpi_id,
        coalesce(rollups.grain, additive.grain) as grain,
        coalesce(rollups.period_start, additive.period_start) as period_start,
        coalesce(rollups.dimension, additive.dimension) as dimension,
        coalesce(rollups.dimension_value, additive.dimension_value) as dimension_value,
        rollups.numerator as rolled_up_numerator,
        additive.numerator as period_numerator,
        rollups.denominator as rolled_up_denominator,
        additive.denominator as period_denominator
    from rollups
    full outer join additive
        on rollups.kpi_id = additive.kpi_id
            and rollups.grain = additive.grain
            and rollups.period_start = additive.period_start
            and rollups.dimension = additive.dimension
            and rollups.dimension_value = additive.dimension_value
    where
        coalesce(additive.grain, rollups.grain) in ('quarter', 'year')
        and (
            rollups.kpi_id is null
            or additive.kpi_id is null
            or abs(rollups.numerator - additive.numerator) > 0.001 * (1 + abs(additive.numerator))
            or abs(rollups.denominator - coalesce(additive.denominator, 0))
            > 0.001 * (1 + abs(coalesce(additive.denominator, 0)))
        )

)

select * from final
