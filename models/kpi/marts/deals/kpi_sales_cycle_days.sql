{#- sales_cycle_days: average of (closed_at - created_at) in fractional days over won deals closed in the period. -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

won_deals as (

    select
        deals.closed_date as record_date,
        {{ deal_dimension_columns('deals') }},
        deals.sales_cycle_days as numerator_value,
        1 as denominator_value
    from deals
    where deals.is_won

),

{{ kpi_aggregate(
    'won_deals', 'sales_cycle_days', 'days',
    ['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    value_type='ratio'
) }},

final as (

    select * from won_deals_kpi

)

select * from final
