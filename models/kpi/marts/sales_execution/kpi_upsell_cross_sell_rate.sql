{#- upsell_cross_sell_rate: won deals of type upsell or cross_sell / all won deals, closed in
    the period. -#}
{%- set dimensions = ['overall', 'rep', 'team', 'region', 'segment', 'lead_source'] -%}
with

won_deals_expansion as (

    select * from {{ ref('int_won_deals_expansion') }}

),

deals as (

    select * from {{ ref('fct_deals') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

won_deals as (

    select
        won_deals_expansion.closed_date as record_date,
        {{ deal_dimension_columns(deals='deals', dimensions=dimensions) }},
        case when won_deals_expansion.is_upsell_or_cross_sell then 1 else 0 end as numerator_value,
        1 as denominator_value
    from won_deals_expansion
    inner join deals
        on won_deals_expansion.deal_id = deals.deal_id

),

{{ kpi_aggregate(
    records='won_deals',
    kpi_id='upsell_cross_sell_rate',
    unit='ratio',
    value_type='ratio',
    dimensions=dimensions,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='upsell_cross_sell_rate_values'
) }},

final as (

    select * from upsell_cross_sell_rate_values

)

select * from final
