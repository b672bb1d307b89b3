{#- upsell_cross_sell_revenue_share: amount of won deals of type upsell or cross_sell / amount
    of all won deals, closed in the period (reporting currency, a null amount counts as 0). -#}
{%- set dimensions = ['overall', 'rep', 'team', 'region', 'segment', 'lead_source'] -%}
with

won_deals_expansion as (

    select * from {{ ref('int_won_deals_expansion') }}

),

deals as (

    select * from {{ ref('fct_deals') }}

),

won_deal_amounts as (

    select
        won_deals_expansion.closed_date as record_date,
        {{ deal_dimension_columns('deals', dimensions) }},
        case
            when won_deals_expansion.is_upsell_or_cross_sell then won_deals_expansion.amount_reporting
            else 0
        end as numerator_value,
        won_deals_expansion.amount_reporting as denominator_value
    from won_deals_expansion
    inner join deals
        on won_deals_expansion.deal_id = deals.deal_id

),

{{ kpi_aggregate(
    'won_deal_amounts', 'upsell_cross_sell_revenue_share', 'ratio', dimensions, value_type='ratio'
) }},

final as (

    select * from won_deal_amounts_kpi

)

select * from final
