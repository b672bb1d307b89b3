{#- quota_attainment: won_revenue of the rep / the rep's quota for the month (0 when nothing
    was won); for a team or overall (and a quarter or year): sum of won_revenue of reps with a
    quota / sum of their quotas. Records: the (rep, month) pairs with a quota. -#}
with

quotas as (

    select * from {{ ref('fct_quotas') }}

),

rep_won_revenue as (

    select * from {{ ref('int_rep_monthly_won_revenue') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

rep_quota_months as (

    select
        quotas.month_start_date as record_date,
        'all' as dim_overall,
        coalesce(users.user_id, 'unknown') as dim_rep,
        quotas.team_id as dim_team,
        coalesce(rep_won_revenue.won_revenue, 0) as numerator_value,
        quotas.quota_amount_reporting as denominator_value
    from quotas
    left join rep_won_revenue
        on quotas.user_id = rep_won_revenue.user_id
            and quotas.month_start_date = rep_won_revenue.month_start_date
    left join users
        on quotas.user_id = users.user_id
            and not users.is_unknown_member

),

{{ kpi_aggregate(
    records='rep_quota_months',
    kpi_id='quota_attainment',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'rep', 'team'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='quota_attainment_values'
) }},

final as (

    select * from quota_attainment_values

)

select * from final
