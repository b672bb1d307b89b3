{#- One row per rep and quarter: users with role `rep` active in the quarter
    (int_active_reps_by_period), with their quarter's KPIs read from the rep rows (dimension
    `rep`, grain `quarter`) of the KPI marts - each computed over the whole quarter (a quarter's
    win rate is its won / closed deals, never the average of three monthly rates) - the
    quarter-end pipeline, the quarter's quota, attainment and commission, and the completed
    activities by type of its months. Counts and amounts are 0 where the KPI has no row for the
    rep; rates, averages, quota, attainment and commission stay null. Built by the macro
    rep_scorecard, as mart_rep_scorecard_monthly. -#}
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
    grain='quarter',
    active_reps='active_reps',
    users='users',
    teams='teams',
    activity_months='activity_months',
    rep_kpis=rep_scorecard_kpis(),
    output='rep_scorecard_quarter_rows'
) }},

final as (

    select * from rep_scorecard_quarter_rows

)

select * from final
