{#- One row per rep and month: users with role `rep` active in the month (int_active_reps_by_period),
    with their month's KPIs read from the rep rows (dimension `rep`, grain `month`) of the KPI
    marts, the month-end pipeline, quota, attainment and commission, and their completed
    activities by type (from mart_activity_monthly; the total from kpi_activities_completed).
    Counts and amounts are 0 where the KPI has no row for the rep (no records); rates, averages,
    quota, attainment and commission stay null (no closed deal, no quota, no plan in effect).
    The columns are built by the macro rep_scorecard (shared with mart_rep_scorecard_quarterly). -#}
with

active_reps as (

    select * from {{ ref('int_active_reps_by_period') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

teams as (

    select * from {{ ref('dim_teams') }}

),

{% for kpi_model, kpi_column in rep_scorecard_kpis() %}
{{ kpi_model }} as (

    select * from {{ ref(kpi_model) }}

),

{% endfor %}
activity_months as (

    select * from {{ ref('mart_activity_monthly') }}

),

{{ rep_scorecard(
    grain='month',
    active_reps='active_reps',
    users='users',
    teams='teams',
    activity_months='activity_months',
    rep_kpis=rep_scorecard_kpis(),
    output='rep_scorecard_month_rows'
) }},

final as (

    select * from rep_scorecard_month_rows

)

select * from final
