{#- win_rate: deals won / deals closed (won + lost) in the period. -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

closed_deals as (

    select
        deals.closed_date as record_date,
        {{ deal_dimension_columns('deals') }},
        case when deals.is_won then 1 else 0 end as numerator_value,
        1 as denominator_value
    from deals
    where deals.is_closed

),

{{ kpi_aggregate(
    'closed_deals', 'win_rate', 'ratio',
    ['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    value_type='ratio'
) }},

final as (

    select * from closed_deals_kpi

)

select * from final
