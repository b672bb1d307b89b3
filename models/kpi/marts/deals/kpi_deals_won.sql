{#- deals_won: won deals with closed_at in the period. -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

won_deals as (

    select
        deals.closed_date as record_date,
        {{ deal_dimension_columns('deals') }},
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from deals
    where deals.is_won

),

{{ kpi_aggregate(
    'won_deals', 'deals_won', 'count',
    ['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    value_type='total'
) }},

final as (

    select * from won_deals_kpi

)

select * from final
