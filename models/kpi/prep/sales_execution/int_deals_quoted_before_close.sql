{#- Closed deals that had a completed `quote` or `proposal` activity (linked by deal_id) at or
    before their close: the records of quote_to_close_rate, computed once. -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

activities as (

    select * from {{ ref('fct_activities') }}

),

completed_quotes as (

    select
        deal_id,
        occurred_at
    from activities
    where
        is_completed
        and activity_type in ('quote', 'proposal')
        and deal_id is not null

),

quoted_closed_deals as (

    select
        deals.deal_id,
        deals.closed_at,
        deals.closed_date,
        deals.is_won,
        min(completed_quotes.occurred_at) as first_quote_at,
        count(*) as quotes_before_close
    from deals
    inner join completed_quotes
        on deals.deal_id = completed_quotes.deal_id
            and deals.closed_at >= completed_quotes.occurred_at
    where deals.is_closed
    group by
        deals.deal_id,
        deals.closed_at,
        deals.closed_date,
        deals.is_won

),

final as (

    select * from quoted_closed_deals

)

select * from final
