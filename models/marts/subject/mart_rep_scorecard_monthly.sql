{#- One row per rep and month: users with role `rep` active in the month (int_active_reps_by_period),
    with their month's KPIs read from the rep rows (dimension `rep`, grain `month`) of the KPI
    marts, the month-end pipeline, quota, attainment and commission, and their completed
    activities by type (from mart_activity_monthly; the total from kpi_activities_completed).
    Counts and amounts are 0 where the KPI has no row for the rep (no records); rates, averages,
    quota, attainment and commission stay null (no closed deal, no quota, no plan in effect). -#}
{%- set rep_kpis = [
    ('kpi_won_revenue', 'won_revenue'),
    ('kpi_deals_won', 'deals_won'),
    ('kpi_win_rate', 'win_rate'),
    ('kpi_avg_deal_size', 'avg_deal_size'),
    ('kpi_sales_cycle_days', 'sales_cycle_days'),
    ('kpi_pipeline_value', 'pipeline_value'),
    ('kpi_weighted_pipeline_value', 'weighted_pipeline_value'),
    ('kpi_quota_attainment', 'quota_attainment'),
    ('kpi_commission_amount', 'commission_amount'),
    ('kpi_activities_completed', 'activities_completed'),
    ('kpi_leaderboard_rank', 'leaderboard_rank'),
] -%}
{#- Completed activity types with a column of their own; any other type (or `unknown`) is
    counted in completed_other_activities. -#}
{%- set activity_type_columns = [
    ('call', 'completed_calls'),
    ('email', 'completed_emails'),
    ('meeting', 'completed_meetings'),
    ('demo', 'completed_demos'),
    ('quote', 'completed_quotes'),
    ('proposal', 'completed_proposals'),
    ('follow_up', 'completed_follow_ups'),
    ('onboarding', 'completed_onboardings'),
    ('event', 'completed_events'),
    ('social', 'completed_social_touches'),
    ('referral_request', 'completed_referral_requests'),
    ('note', 'completed_notes'),
] -%}
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

{% for kpi_model, kpi_column in rep_kpis %}
{{ kpi_model }} as (

    select * from {{ ref(kpi_model) }}

),

{% endfor %}
activity_months as (

    select * from {{ ref('mart_activity_monthly') }}

),

rep_months as (

    select
        user_id as rep_id,
        team_id,
        period_start as month_start_date
    from active_reps
    where grain = 'month'

),

rep_kpi_rows as (

    {%- for kpi_model, kpi_column in rep_kpis %}
    select
        dimension_value as rep_id,
        period_start as month_start_date,
        '{{ kpi_column }}' as kpi_column,
        denominator,
        value
    from {{ kpi_model }}
    where grain = 'month' and dimension = 'rep'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

rep_kpi_columns as (

    select
        rep_id,
        month_start_date,
        {%- for kpi_model, kpi_column in rep_kpis %}
        max(case when kpi_column = '{{ kpi_column }}' then value end) as {{ kpi_column }},
        {%- endfor %}
        max(case when kpi_column = 'win_rate' then denominator end) as deals_closed,
        max(case when kpi_column = 'quota_attainment' then denominator end) as quota_amount
    from rep_kpi_rows
    group by rep_id, month_start_date

),

typed_activity_months as (

    select
        rep_id,
        month_start_date,
        activities_completed,
        case
            {%- for activity_type, column_name in activity_type_columns %}
            when activity_type = '{{ activity_type }}' then '{{ column_name }}'
            {%- endfor %}
            else 'completed_other_activities'
        end as activity_column
    from activity_months

),

rep_activity_type_columns as (

    select
        {%- for column_name in (activity_type_columns | map('last') | list) + ['completed_other_activities'] %}
        sum(case when activity_column = '{{ column_name }}' then activities_completed else 0 end)
            as {{ column_name }},
        {%- endfor %}
        rep_id,
        month_start_date
    from typed_activity_months
    group by rep_id, month_start_date

),

final as (

    select
        {{ dbt.concat([
            'rep_months.rep_id', "':'", "cast(rep_months.month_start_date as " ~ dbt.type_string() ~ ")"
        ]) }} as rep_month_id,
        rep_months.month_start_date,
        rep_months.rep_id,
        coalesce(users.full_name, rep_months.rep_id) as rep_name,
        rep_months.team_id,
        coalesce(teams.team_name, rep_months.team_id) as team_name,
        coalesce(rep_kpi_columns.won_revenue, 0) as won_revenue,
        cast(coalesce(rep_kpi_columns.deals_won, 0) as {{ dbt.type_bigint() }}) as deals_won,
        cast(coalesce(rep_kpi_columns.deals_closed, 0) as {{ dbt.type_bigint() }}) as deals_closed,
        rep_kpi_columns.win_rate,
        rep_kpi_columns.avg_deal_size,
        rep_kpi_columns.sales_cycle_days,
        coalesce(rep_kpi_columns.pipeline_value, 0) as pipeline_value,
        coalesce(rep_kpi_columns.weighted_pipeline_value, 0) as weighted_pipeline_value,
        rep_kpi_columns.quota_amount,
        rep_kpi_columns.quota_attainment,
        rep_kpi_columns.commission_amount,
        cast(coalesce(rep_kpi_columns.activities_completed, 0) as {{ dbt.type_bigint() }})
            as completed_activities,
        {%- for activity_type, column_name in activity_type_columns %}
        cast(coalesce(rep_activity_type_columns.{{ column_name }}, 0) as {{ dbt.type_bigint() }})
            as {{ column_name }},
        {%- endfor %}
        cast(coalesce(rep_activity_type_columns.completed_other_activities, 0) as {{ dbt.type_bigint() }})
            as completed_other_activities,
        cast(rep_kpi_columns.leaderboard_rank as {{ dbt.type_bigint() }}) as leaderboard_rank
    from rep_months
    left join users
        on rep_months.rep_id = users.user_id
    left join teams
        on rep_months.team_id = teams.team_id
    left join rep_kpi_columns
        on rep_months.rep_id = rep_kpi_columns.rep_id
            and rep_months.month_start_date = rep_kpi_columns.month_start_date
    left join rep_activity_type_columns
        on rep_months.rep_id = rep_activity_type_columns.rep_id
            and rep_months.month_start_date = rep_activity_type_columns.month_start_date

)

select * from final
