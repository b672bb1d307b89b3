with

expenses as (

    select * from {{ ref('stg_crm__expenses') }}

),

fx_rate_periods as (

    select * from {{ ref('int_fx_rate_periods') }}

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
    {{ join_fx_rate(
        currency='expenses.currency',
        on_date='expenses.expense_date',
        fx_rate_periods='fx_rate_periods'
    ) }}
    where expenses.expense_date <= {{ as_of_date() }}

)

select * from final
