{#- Won revenue per deal owner and month: the amount (reporting currency, null = 0) of won deals
    closed in the month, by the deal's current owner (`unknown` when the owner is missing).
    Computed once for quota_attainment and commission_amount. -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

won_deals as (

    select
        owner_id as user_id,
        cast({{ dbt.date_trunc('month', 'closed_date') }} as date) as month_start_date,
        coalesce(amount_reporting, 0) as amount_reporting
    from deals
    where is_won

),

rep_months as (

    select
        user_id,
        month_start_date,
        {{ exact_sum('amount_reporting') }} as won_revenue,
        count(*) as deals_won
    from won_deals
    group by user_id, month_start_date

),

final as (

    select
        {{ dbt.concat(['user_id', "':'", "cast(month_start_date as " ~ dbt.type_string() ~ ")"]) }}
            as rep_month_id,
        user_id,
        month_start_date,
        won_revenue,
        deals_won
    from rep_months

)

select * from final
