{#- The sales-execution deal counts agree with the deal KPIs they complete, for every grain,
    period and member:
      deals_won + deals_lost = win_rate's denominator (closed deals);
      upsell_cross_sell_rate's denominator = deals_won; upsell_cross_sell_revenue_share's
      denominator = won_revenue (deal dimensions);
      deals_lost_to_competitor = competitor_win_rate's denominator - numerator.
    A missing row counts as 0. -#}
{%- set key = ['grain', 'period_start', 'dimension', 'dimension_value'] -%}
with

deals_won as (

    select * from {{ ref('kpi_deals_won') }}

),

deals_lost as (

    select * from {{ ref('kpi_deals_lost') }}

),

win_rate as (

    select * from {{ ref('kpi_win_rate') }}

),

won_revenue as (

    select * from {{ ref('kpi_won_revenue') }}

),

upsell_cross_sell_rate as (

    select * from {{ ref('kpi_upsell_cross_sell_rate') }}

),

upsell_cross_sell_revenue_share as (

    select * from {{ ref('kpi_upsell_cross_sell_revenue_share') }}

),

competitor_win_rate as (

    select * from {{ ref('kpi_competitor_win_rate') }}

),

deals_lost_to_competitor as (

    select * from {{ ref('kpi_deals_lost_to_competitor') }}

),

-- each check: (check, key, expected, actual) from two sides that may each miss a row

checked_values as (

    select
        'closed = won + lost' as check_name,
        {{ key | join(', ') }},
        denominator as expected,
        0 as actual
    from win_rate
    union all
    select 'closed = won + lost' as check_name, {{ key | join(', ') }}, 0 as expected, value as actual
    from deals_won
    union all
    select 'closed = won + lost' as check_name, {{ key | join(', ') }}, 0 as expected, value as actual
    from deals_lost
    union all
    select 'upsell denominator = deals_won' as check_name, {{ key | join(', ') }}, value as expected, 0 as actual
    from deals_won
    where dimension <> 'deal_type'
    union all
    select 'upsell denominator = deals_won' as check_name, {{ key | join(', ') }}, 0 as expected, denominator as actual
    from upsell_cross_sell_rate
    union all
    select
        'upsell share denominator = won_revenue' as check_name,
        {{ key | join(', ') }},
        value as expected,
        0 as actual
    from won_revenue
    where dimension in ('overall', 'rep', 'team', 'region', 'segment', 'lead_source')
    union all
    select
        'upsell share denominator = won_revenue' as check_name,
        {{ key | join(', ') }},
        0 as expected,
        denominator as actual
    from upsell_cross_sell_revenue_share
    union all
    select
        'lost to competitor = closed - won' as check_name,
        {{ key | join(', ') }},
        denominator - numerator as expected,
        0 as actual
    from competitor_win_rate
    union all
    select 'lost to competitor = closed - won' as check_name, {{ key | join(', ') }}, 0 as expected, value as actual
    from deals_lost_to_competitor

),

final as (

    select
        check_name,
        {{ key | join(', ') }},
        sum(expected) as expected,
        sum(actual) as actual
    from checked_values
    group by check_name, {{ key | join(', ') }}
    having abs(sum(expected) - sum(actual)) > 0.001 * (1 + abs(sum(expected)))

)

select * from final
