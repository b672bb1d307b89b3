{#- deals_lost: lost deals closed in the period (lost = is_closed and not is_won). -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

lost_deals as (

    select
        deals.closed_date as record_date,
        {{ deal_dimension_columns('deals') }},
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from deals
    where deals.is_lost

),

{{ kpi_aggregate(
    'lost_deals', 'deals_lost', 'count',
    ['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    value_type='total'
) }},

final as (

    select * from lost_deals_kpi

)

select * from final
