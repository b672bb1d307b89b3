{#- commission_amount per rep and month (catalog): with the plan in effect on the month's first
    day (effective_from_date <= month start < effective_to_date, open-ended when null),
    min(R, Q x T) x base_rate + max(R - Q x T, 0) x accelerator_rate, where R = the rep's won
    revenue in the month, Q = the month's quota (reporting currency), T = accelerator_threshold;
    no quota: R x base_rate; no plan in effect: no row. Months up to the as-of month.
    Overlapping plans: the one with the latest effective_from_date is in effect. -#}
with

plans as (

    select * from {{ ref('dim_commission_plans') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

quotas as (

    select * from {{ ref('fct_quotas') }}

),

rep_won_revenue as (

    select * from {{ ref('int_rep_monthly_won_revenue') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

months as (

    select period_start as month_start_date
    from kpi_periods
    where grain = 'month'

),

plan_months as (

    select
        plans.user_id,
        months.month_start_date,
        plans.commission_plan_id,
        plans.base_rate,
        plans.accelerator_threshold,
        plans.accelerator_rate,
        row_number() over (
            partition by plans.user_id, months.month_start_date
            order by plans.effective_from_date desc
        ) as plan_recency
    from plans
    inner join months
        on plans.effective_from_date <= months.month_start_date
            and (
                plans.effective_to_date is null
                or plans.effective_to_date > months.month_start_date
            )

),

plans_in_effect as (

    select * from plan_months
    where plan_recency = 1

),

rep_months as (

    select
        plans_in_effect.user_id,
        plans_in_effect.month_start_date,
        plans_in_effect.commission_plan_id,
        plans_in_effect.base_rate,
        plans_in_effect.accelerator_threshold,
        plans_in_effect.accelerator_rate,
        coalesce(rep_won_revenue.won_revenue, 0) as won_revenue,
        quotas.quota_amount_reporting,
        quotas.quota_amount_reporting * plans_in_effect.accelerator_threshold as accelerator_start_amount
    from plans_in_effect
    left join rep_won_revenue
        on plans_in_effect.user_id = rep_won_revenue.user_id
            and plans_in_effect.month_start_date = rep_won_revenue.month_start_date
    left join quotas
        on plans_in_effect.user_id = quotas.user_id
            and plans_in_effect.month_start_date = quotas.month_start_date

),

commissions as (

    select
        *,
        case
            when quota_amount_reporting is null then won_revenue * base_rate
            else
                least(won_revenue, accelerator_start_amount) * base_rate
                + greatest(won_revenue - accelerator_start_amount, 0) * accelerator_rate
        end as commission_amount
    from rep_months

),

final as (

    select
        {{ dbt.concat([
            'commissions.user_id', "':'",
            "cast(commissions.month_start_date as " ~ dbt.type_string() ~ ")"
        ]) }} as rep_month_id,
        commissions.user_id,
        coalesce(users.user_id, 'unknown') as rep_id,
        coalesce(users.team_id, 'unknown') as team_id,
        commissions.month_start_date,
        commissions.commission_plan_id,
        commissions.base_rate,
        commissions.accelerator_threshold,
        commissions.accelerator_rate,
        commissions.won_revenue,
        commissions.quota_amount_reporting,
        commissions.accelerator_start_amount,
        commissions.commission_amount
    from commissions
    left join users
        on commissions.user_id = users.user_id
            and not users.is_unknown_member

)

select * from final
