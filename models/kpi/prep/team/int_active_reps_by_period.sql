{#- Active reps per period (catalog, "Active rep in a period"): users with role = 'rep',
    hired_at <= the period's end and (terminated_at null or terminated_at >= the period's
    start). The period's end is its last day, or the as-of day for the current period
    (int_kpi_periods.snapshot_date). One row per rep and month, quarter and year. -#}
with

users as (

    select * from {{ ref('dim_users') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

reps as (

    select
        user_id,
        team_id,
        hired_date,
        terminated_date
    from users
    where role = 'rep'

),

calendar_periods as (

    select
        grain,
        period_start,
        snapshot_date as period_end_date
    from kpi_periods
    where grain in ('month', 'quarter', 'year')

),

active_reps as (

    select
        calendar_periods.grain,
        calendar_periods.period_start,
        reps.user_id,
        reps.team_id
    from reps
    inner join calendar_periods
        on reps.hired_date <= calendar_periods.period_end_date
            and (
                reps.terminated_date is null
                or reps.terminated_date >= calendar_periods.period_start
            )

),

final as (

    select * from active_reps

)

select * from final
