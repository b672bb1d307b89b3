{#- The revenue side of roas and market_share is won_revenue: a roas channel's numerator is
    won_revenue of that lead_source (for every known source), a market_share region's numerator
    is the region's won_revenue of the year. The spend side of roas is the marketing spend of
    cost_per_lead (overall, and for every channel with spend). Returns the rows that disagree. -#}
with

won_revenue as (

    select * from {{ ref('kpi_won_revenue') }}

),

roas as (

    select * from {{ ref('kpi_roas') }}

),

market_share as (

    select * from {{ ref('kpi_market_share') }}

),

cost_per_lead as (

    select * from {{ ref('kpi_cost_per_lead') }}

),

won_revenue_by_source as (

    select
        grain,
        period_start,
        dimension_value,
        value as won_revenue
    from won_revenue
    where
        dimension = 'lead_source'
        and dimension_value <> 'unknown'

),

roas_revenue_mismatches as (

    select
        'roas' as kpi_id,
        coalesce(won_revenue_by_source.grain, roas.grain) as grain,
        coalesce(won_revenue_by_source.period_start, roas.period_start) as period_start,
        coalesce(won_revenue_by_source.dimension_value, roas.dimension_value) as dimension_value,
        won_revenue_by_source.won_revenue as expected,
        roas.numerator as actual
    from won_revenue_by_source
    full outer join roas
        on won_revenue_by_source.grain = roas.grain
            and won_revenue_by_source.period_start = roas.period_start
            and won_revenue_by_source.dimension_value = roas.dimension_value
    where
        coalesce(roas.dimension, 'channel') = 'channel'
        and coalesce(roas.dimension_value, '') <> 'unknown'
        and abs(coalesce(won_revenue_by_source.won_revenue, 0) - coalesce(roas.numerator, 0))
        > 0.000001 * (1 + abs(coalesce(won_revenue_by_source.won_revenue, 0)))

),

roas_spend_mismatches as (

    select
        'roas' as kpi_id,
        roas.grain,
        roas.period_start,
        roas.dimension_value,
        cost_per_lead.numerator as expected,
        roas.denominator as actual
    from roas
    left join cost_per_lead
        on roas.grain = cost_per_lead.grain
            and roas.period_start = cost_per_lead.period_start
            and roas.dimension = cost_per_lead.dimension
            and roas.dimension_value = cost_per_lead.dimension_value
    where
        (roas.dimension = 'overall' or roas.denominator > 0)
        and abs(roas.denominator - coalesce(cost_per_lead.numerator, 0)) > 0.000001 * (1 + abs(roas.denominator))

),

market_share_mismatches as (

    select
        'market_share' as kpi_id,
        market_share.grain,
        market_share.period_start,
        market_share.dimension_value,
        won_revenue.value as expected,
        market_share.numerator as actual
    from market_share
    left join won_revenue
        on market_share.grain = won_revenue.grain
            and market_share.period_start = won_revenue.period_start
            and won_revenue.dimension = 'region'
            and market_share.dimension_value = won_revenue.dimension_value
    where
        market_share.dimension = 'region'
        and abs(market_share.numerator - coalesce(won_revenue.value, 0)) > 0.000001 * (1 + abs(market_share.numerator))

),

final as (

    select * from roas_revenue_mismatches
    union all
    select * from roas_spend_mismatches
    union all
    select * from market_share_mismatches

)

select * from final
