{#- deals_lost_to_competitor: lost deals closed in the period that name a competitor (the
    losses behind competitor_win_rate); by competitor, and `overall` = any competitor. -#}
with

competitor_deals as (

    select * from {{ ref('int_closed_deals_with_competitor') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

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
    records='lost_competitor_deals',
    kpi_id='deals_lost_to_competitor',
    unit='count',
    value_type='total',
    dimensions=['overall', 'competitor'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='deals_lost_to_competitor_values'
) }},

final as (

    select * from deals_lost_to_competitor_values

)

select * from final
