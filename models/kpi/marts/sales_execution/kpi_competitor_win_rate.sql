{#- competitor_win_rate: win_rate of deals with a competitor: deals won / deals closed (won +
    lost) in the period, among deals naming a competitor; by competitor, and `overall` = deals
    with any competitor. -#}
with

competitor_deals as (

    select * from {{ ref('int_closed_deals_with_competitor') }}

),

closed_competitor_deals as (

    select
        closed_date as record_date,
        'all' as dim_overall,
        competitor as dim_competitor,
        case when is_won then 1 else 0 end as numerator_value,
        1 as denominator_value
    from competitor_deals

),

{{ kpi_aggregate(
    'closed_competitor_deals', 'competitor_win_rate', 'ratio',
    ['overall', 'competitor'],
    value_type='ratio'
) }},

final as (

    select * from closed_competitor_deals_kpi

)

select * from final
