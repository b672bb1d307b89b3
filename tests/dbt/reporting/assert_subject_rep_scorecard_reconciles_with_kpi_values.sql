{#- Every rep-month of mart_rep_scorecard_monthly shows the same won revenue, deals won, win
    rate, quota, attainment, commission, completed activities and leaderboard rank as the
    month `rep` rows of kpi_values (a missing KPI row = 0 for the counts and sums, null for the
    rest). leaderboard_rank is not in kpi_values yet: its rows are read from kpi_leaderboard_rank
    too (the same rows once it is, so max() is unchanged). Returns the rep-months and columns
    that differ. -#}
{%- set compared_columns = [
    ('won_revenue', 'value', 'won_revenue', true),
    ('deals_won', 'value', 'deals_won', true),
    ('win_rate', 'denominator', 'deals_closed', true),
    ('win_rate', 'value', 'win_rate', false),
    ('quota_attainment', 'denominator', 'quota_amount', false),
    ('quota_attainment', 'value', 'quota_attainment', false),
    ('commission_amount', 'value', 'commission_amount', false),
    ('activities_completed', 'value', 'completed_activities', true),
    ('leaderboard_rank', 'value', 'leaderboard_rank', false),
] -%}
with

scorecard as (

    select * from {{ ref('mart_rep_scorecard_monthly') }}

),

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

leaderboard_rank as (

    select * from {{ ref('kpi_leaderboard_rank') }}

),

rep_month_rows as (

    select
        kpi_id,
        period_start,
        dimension_value,
        denominator,
        value
    from kpi_values
    where grain = 'month' and dimension = 'rep'
    union all
    select
        kpi_id,
        period_start,
        dimension_value,
        denominator,
        value
    from leaderboard_rank
    where grain = 'month' and dimension = 'rep'

),

rep_month_kpi_columns as (

    select
        {%- for kpi_id, measure, column_name, is_total in compared_columns %}
        max(case when kpi_id = '{{ kpi_id }}' then {{ measure }} end) as {{ column_name }},
        {%- endfor %}
        dimension_value as rep_id,
        period_start as month_start_date
    from rep_month_rows
    group by dimension_value, period_start

),

compared as (

    {%- for kpi_id, measure, column_name, is_total in compared_columns %}
    select
        scorecard.rep_id,
        scorecard.month_start_date,
        '{{ column_name }}' as column_name,
        cast(scorecard.{{ column_name }} as {{ type_double() }}) as mart_value,
        {%- if is_total %}
        coalesce(rep_month_kpi_columns.{{ column_name }}, 0) as kpi_value
        {%- else %}
        rep_month_kpi_columns.{{ column_name }} as kpi_value
        {%- endif %}
    from scorecard
    left join rep_month_kpi_columns
        on scorecard.rep_id = rep_month_kpi_columns.rep_id
            and scorecard.month_start_date = rep_month_kpi_columns.month_start_date
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select * from compared
where
    (mart_value is null) <> (kpi_value is null)
    or abs(mart_value - kpi_value) > 0.000001 * (1 + abs(kpi_value))
