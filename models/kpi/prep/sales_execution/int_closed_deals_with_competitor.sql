{#- Closed deals (won or lost by the cut-off) with a competitor named on the deal: the records
    of competitor_win_rate and deals_lost_to_competitor, computed once. -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

final as (

    select
        deal_id,
        competitor,
        closed_at,
        closed_date,
        is_won,
        is_lost
    from deals
    where
        is_closed
        and competitor is not null

)

select * from final
