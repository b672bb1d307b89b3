{#- deals_lost_to_competitor: lost deals closed in the period that name a competitor (the
    losses behind competitor_win_rate); by competitor, and `overall` = any competitor. -#}
with

competitor_deals as (

    select * from {{ ref('int_closed_deals_with_competitor') }}

),

lost_competitor_deals as (

    select
        closed_date as record_date,
        'all' as dim_overall,
        competitor as dim_competitor,
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from competitor_deals
    where is_lost

),

{{ kpi_aggregate(
    'lost_competitor_deals', 'deals_lost_to_competitor', 'count',
    ['overall', 'competitor'],
    value_type='total'
) }},

final as (

    select * from lost_competitor_deals_kpi

)

select * from final
