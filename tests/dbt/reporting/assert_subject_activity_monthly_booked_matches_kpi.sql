{#- mart_activity_monthly's booked counts summed per owner, per activity type and overall give
    the month rows of kpi_activities_booked (rep, activity_type, overall), on both sides (a
    missing row counts as 0). kpi_activities_booked is read directly: it is not in kpi_values yet.
    Returns the months and members that differ. -#}
with

activity_monthly as (

    select * from {{ ref('mart_activity_monthly') }}

),

activities_booked as (

    select * from {{ ref('kpi_activities_booked') }}

),

mart_totals as (

    select
        month_start_date,
        'rep' as dimension,
        rep_id as dimension_value,
        sum(activities_booked) as booked
    from activity_monthly
    group by month_start_date, rep_id

    union all

    select
        month_start_date,
        'activity_type' as dimension,
        activity_type as dimension_value,
        sum(activities_booked) as booked
    from activity_monthly
    group by month_start_date, activity_type

    union all

    select
        month_start_date,
        'overall' as dimension,
        'all' as dimension_value,
        sum(activities_booked) as booked
    from activity_monthly
    group by month_start_date

),

kpi_totals as (

    select
        period_start as month_start_date,
        dimension,
        dimension_value,
        value as booked
    from activities_booked
    where grain = 'month' and dimension in ('rep', 'activity_type', 'overall')

),

compared as (

    select
        coalesce(mart_totals.month_start_date, kpi_totals.month_start_date) as month_start_date,
        coalesce(mart_totals.dimension, kpi_totals.dimension) as dimension,
        coalesce(mart_totals.dimension_value, kpi_totals.dimension_value) as dimension_value,
        coalesce(mart_totals.booked, 0) as mart_booked,
        coalesce(kpi_totals.booked, 0) as kpi_booked
    from mart_totals
    full outer join kpi_totals
        on mart_totals.month_start_date = kpi_totals.month_start_date
            and mart_totals.dimension = kpi_totals.dimension
            and mart_totals.dimension_value = kpi_totals.dimension_value

)

select * from compared
where mart_booked <> kpi_booked
