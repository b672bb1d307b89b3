{#- Won deals (closed by the cut-off) flagged as expansion business (deal_type upsell or
    cross_sell), with their amount in the reporting currency (null = 0): the records of
    upsell_cross_sell_rate and upsell_cross_sell_revenue_share, computed once. -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

final as (

    select
        deal_id,
        closed_date,
        deal_type,
        deal_type in ('upsell', 'cross_sell') as is_upsell_or_cross_sell,
        coalesce(amount_reporting, 0) as amount_reporting
    from deals
    where is_won

)

select * from final
