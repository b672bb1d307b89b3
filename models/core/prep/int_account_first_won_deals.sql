{#- The first won deal of every account key that has one by the cut-off (earliest closed_at,
    ties -> smaller deal_id). Keyed by the deal's account_id, whether or not the account
    record still exists: counting customers does not depend on the account row. -#}
with

deals as (

    select * from {{ ref('int_deals_as_of') }}

),

won_deals_ranked as (

    select
        account_id,
        deal_id,
        closed_at,
        row_number() over (partition by account_id order by closed_at, deal_id) as won_rank
    from deals
    where is_won and account_id is not null

),

final as (

    select
        account_id,
        deal_id as first_won_deal_id,
        closed_at as first_won_at,
        cast(closed_at as date) as first_won_date
    from won_deals_ranked
    where won_rank = 1

)

select * from final
