{#- commission_amount: per rep and month, with the plan in effect on the month's first day:
    min(R, Q x T) x base_rate + max(R - Q x T, 0) x accelerator_rate (R = won_revenue,
    Q = quota, T = accelerator_threshold; no quota: R x base_rate; no plan in effect: no row);
    a team, overall, quarter or year is the sum of its (rep, month) rows. -#}
with

rep_monthly_commission as (

    select * from {{ ref('int_rep_monthly_commission') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

rep_commission_months as (

    select
        rep_monthly_commission.month_start_date as record_date,
        'all' as dim_overall,
        rep_monthly_commission.rep_id as dim_rep,
        rep_monthly_commission.team_id as dim_team,
        rep_monthly_commission.commission_amount as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from rep_monthly_commission

),

{{ kpi_aggregate(
    records='rep_commission_months',
    kpi_id='commission_amount',
    unit='currency',
    value_type='total',
    dimensions=['overall', 'rep', 'team'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='commission_amount_values'
) }},

final as (

    select * from commission_amount_values

)

select * from final
