with

expenses as (

    select * from {{ ref('stg_crm__expenses') }}

),

campaigns as (

    select * from {{ ref('dim_campaigns') }}

),

final as (

    select
        expenses.expense_id,
        expenses.expense_date,
        expenses.category,
        coalesce(expenses.channel, 'unknown') as channel,
        coalesce(campaigns.campaign_id, 'unknown') as campaign_id,
        expenses.amount,
        expenses.currency,
        expenses.amount * fx.rate_to_reporting as amount_reporting
    from expenses
    left join campaigns
        on expenses.campaign_id = campaigns.campaign_id
            and not campaigns.is_unknown_member
    {{ join_fx_rate('expenses.currency', 'expenses.expense_date') }}
    where expenses.expense_date <= {{ as_of_date() }}

)

select * from final
