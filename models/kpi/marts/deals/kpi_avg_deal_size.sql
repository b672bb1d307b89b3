{#- avg_deal_size: won_revenue / deals_won of the period (a null amount counts as 0). -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

won_deals as (

    select
        deals.closed_date as record_date,
        {{ deal_dimension_columns('deals') }},
        coalesce(deals.amount_reporting, 0) as numerator_value,
        1 as denominator_value
    from deals
    where deals.is_won

),

{{ kpi_aggregate(
    'won_deals', 'avg_deal_size', 'currency',
    ['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    value_type='ratio'
) }},

final as (

    select * from won_deals_kpi

)

select * from final
