{#- rep_scorecard: the rep scorecard at one grain (month or quarter), shared by
    mart_rep_scorecard_monthly and mart_rep_scorecard_quarterly. It reads only the CTEs it is
    given (no ref): the models import them. Called with keyword arguments only, all required
    (a compiler error names the one missing):
      grain            'month' or 'quarter'. Columns are named for it: rep_<grain>_id,
                       <grain>_start_date
      active_reps      name of the CTE of int_active_reps_by_period
      users            name of the CTE of dim_users
      teams            name of the CTE of dim_teams
      activity_months  name of the CTE of mart_activity_monthly
      rep_kpis         (CTE name, scorecard column) of each KPI the scorecard shows, every
                       entry of rep_scorecard_kpis(): its CTE holds the rows of that KPI model
      output           the name of the last CTE emitted, the scorecard rows (the CTEs before it
                       are rep_periods, rep_kpi_rows, rep_kpi_columns, typed_activity_periods and
                       rep_activity_type_columns)
    A rep has a row for every period of the grain in which they were active (the catalog's
    "active rep"); each KPI column is that KPI's `rep` row at the grain - computed by the KPI
    over the whole period, never an average of months - and the completed activities by type
    are the months of the period added up. -#}

{#- (KPI model, scorecard column) of the KPIs the scorecard shows. -#}
{% macro rep_scorecard_kpis() -%}
    {{ return([
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
    ]) }}
{%- endmacro %}

{#- Completed activity types with a column of their own; any other type (or `unknown`) is
    counted in completed_other_activities. -#}
{% macro rep_scorecard_activity_columns() -%}
    {{ return([
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
    ]) }}
{%- endmacro %}

{% macro rep_scorecard(
    grain=none, active_reps=none, users=none, teams=none, activity_months=none, rep_kpis=none,
    output=none
) -%}
{%- do require_keyword_arguments('rep_scorecard', {
    'grain': grain, 'active_reps': active_reps, 'users': users, 'teams': teams,
    'activity_months': activity_months, 'rep_kpis': rep_kpis, 'output': output,
}) -%}
{%- if grain not in ('month', 'quarter') -%}
    {{ exceptions.raise_compiler_error("rep_scorecard: grain must be month or quarter, not " ~ grain) }}
{%- endif -%}
{%- set activity_type_columns = rep_scorecard_activity_columns() -%}
{%- set period_start = grain ~ '_start_date' -%}
rep_periods as (

    select
        user_id as rep_id,
        team_id,
        period_start as {{ period_start }}
    from {{ active_reps }}
    where grain = '{{ grain }}'

),

rep_kpi_rows as (

    {%- for kpi_cte, kpi_column in rep_kpis %}
    select
        dimension_value as rep_id,
        period_start as {{ period_start }},
        '{{ kpi_column }}' as kpi_column,
        numerator,
        denominator,
        value
    from {{ kpi_cte }}
    where grain = '{{ grain }}' and dimension = 'rep'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

rep_kpi_columns as (

    select
        rep_id,
        {{ period_start }},
        {%- for kpi_cte, kpi_column in rep_kpis %}
        max(case when kpi_column = '{{ kpi_column }}' then value end) as {{ kpi_column }},
        {%- endfor %}
        max(case when kpi_column = 'win_rate' then denominator end) as deals_closed,
        max(case when kpi_column = 'sales_cycle_days' then numerator end) as sales_cycle_days_total,
        max(case when kpi_column = 'sales_cycle_days' then denominator end) as sales_cycle_deals,
        max(case when kpi_column = 'quota_attainment' then denominator end) as quota_amount
    from rep_kpi_rows
    group by rep_id, {{ period_start }}

),

typed_activity_periods as (

    select
        rep_id,
        cast({{ dbt.date_trunc(grain, 'month_start_date') }} as date) as {{ period_start }},
        activities_completed,
        case
            {%- for activity_type, column_name in activity_type_columns %}
            when activity_type = '{{ activity_type }}' then '{{ column_name }}'
            {%- endfor %}
            else 'completed_other_activities'
        end as activity_column
    from {{ activity_months }}

),

rep_activity_type_columns as (

    select
        {%- for column_name in (activity_type_columns | map('last') | list) + ['completed_other_activities'] %}
        sum(case when activity_column = '{{ column_name }}' then activities_completed else 0 end)
            as {{ column_name }},
        {%- endfor %}
        rep_id,
        {{ period_start }}
    from typed_activity_periods
    group by rep_id, {{ period_start }}

),

{{ output }} as (

    select
        {{ dbt.concat([
            'rep_periods.rep_id', "':'", "cast(rep_periods." ~ period_start ~ " as " ~ dbt.type_string() ~ ")"
        ]) }} as rep_{{ grain }}_id,
        rep_periods.{{ period_start }},
        {{ is_complete_period("'" ~ grain ~ "'", 'rep_periods.' ~ period_start) }} as is_complete_period,
        rep_periods.rep_id,
        coalesce(users.full_name, rep_periods.rep_id) as rep_name,
        rep_periods.team_id,
        coalesce(teams.team_name, rep_periods.team_id) as team_name,
        cast({{ reporting_currency() }} as {{ dbt.type_string() }}) as currency_code,
        coalesce(rep_kpi_columns.won_revenue, 0) as won_revenue,
        cast(coalesce(rep_kpi_columns.deals_won, 0) as {{ dbt.type_bigint() }}) as deals_won,
        cast(coalesce(rep_kpi_columns.deals_closed, 0) as {{ dbt.type_bigint() }}) as deals_closed,
        rep_kpi_columns.win_rate,
        rep_kpi_columns.avg_deal_size,
        rep_kpi_columns.sales_cycle_days,
        coalesce(rep_kpi_columns.sales_cycle_days_total, 0) as sales_cycle_days_total,
        cast(coalesce(rep_kpi_columns.sales_cycle_deals, 0) as {{ dbt.type_bigint() }}) as sales_cycle_deals,
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
    from rep_periods
    left join {{ users }} as users
        on rep_periods.rep_id = users.user_id
    left join {{ teams }} as teams
        on rep_periods.team_id = teams.team_id
    left join rep_kpi_columns
        on rep_periods.rep_id = rep_kpi_columns.rep_id
            and rep_periods.{{ period_start }} = rep_kpi_columns.{{ period_start }}
    left join rep_activity_type_columns
        on rep_periods.rep_id = rep_activity_type_columns.rep_id
            and rep_periods.{{ period_start }} = rep_activity_type_columns.{{ period_start }}

)
{%- endmacro %}
