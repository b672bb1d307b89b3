{#- The funnel and activity KPIs agree with the KPIs they restate, row by row (same grain,
    period and member; a row missing on one side counts 0, so it fails unless the other side
    is 0 too):
    - qualified_leads = sql_count (every column);
    - the MQL cohort rates divide by mql_count, sql_to_customer_rate by sql_count, and
      lead_to_opportunity_rate by new_leads (the same records);
    - days_to_first_activity = lead_response_hours / 24 (numerator x 24 and the denominator);
    - calls_emails_per_rep divides by active_reps;
    - demos_onboarding_calls (overall) = activities_completed of the types demo and onboarding;
    - leads_by_status_share divides by every lead created by the as-of day (new_leads, summed
      over the overall years). -#}
with

{% set cohort_dims = ['overall', 'lead_source', 'campaign', 'region'] %}
{% set lead_dims = ['overall', 'lead_source', 'campaign', 'region', 'rep'] %}
{% set response_dims = ['overall', 'lead_source', 'rep'] %}
{% set count_pairs = [
    ('kpi_mql_to_sql_rate', 'denominator', 1, 'kpi_mql_count', 'numerator', cohort_dims),
    ('kpi_mql_to_customer_rate', 'denominator', 1, 'kpi_mql_count', 'numerator', cohort_dims),
    ('kpi_sql_to_customer_rate', 'denominator', 1, 'kpi_sql_count', 'numerator', cohort_dims),
    ('kpi_lead_to_opportunity_rate', 'denominator', 1, 'kpi_new_leads', 'numerator', lead_dims),
    ('kpi_qualified_leads', 'numerator', 1, 'kpi_sql_count', 'numerator', lead_dims),
    ('kpi_qualified_leads', 'value', 1, 'kpi_sql_count', 'value', lead_dims),
    ('kpi_days_to_first_activity', 'numerator', 24, 'kpi_lead_response_hours', 'numerator', response_dims),
    ('kpi_days_to_first_activity', 'denominator', 1, 'kpi_lead_response_hours', 'denominator', response_dims),
    ('kpi_calls_emails_per_rep', 'denominator', 1, 'kpi_active_reps', 'numerator', ['overall', 'team']),
] %}

{%- for kpi_model, kpi_column, factor, base_model, base_column, dimensions in count_pairs %}
pair_{{ loop.index }} as (

    select
        coalesce(kpi_rows.grain, base_rows.grain) as grain,
        coalesce(kpi_rows.period_start, base_rows.period_start) as period_start,
        coalesce(kpi_rows.dimension, base_rows.dimension) as dimension,
        coalesce(kpi_rows.dimension_value, base_rows.dimension_value) as dimension_value,
        '{{ kpi_model }}.{{ kpi_column }}' as checked_column,
        '{{ base_model }}.{{ base_column }}' as base_column,
        coalesce(kpi_rows.{{ kpi_column }}, 0) * {{ factor }} as checked_value,
        coalesce(base_rows.{{ base_column }}, 0) as base_value
    from {{ ref(kpi_model) }} as kpi_rows
    full outer join {{ ref(base_model) }} as base_rows
        on kpi_rows.grain = base_rows.grain
            and kpi_rows.period_start = base_rows.period_start
            and kpi_rows.dimension = base_rows.dimension
            and kpi_rows.dimension_value = base_rows.dimension_value
    where
        coalesce(kpi_rows.dimension, base_rows.dimension) in (
            '{{ dimensions | join("', '") }}'
        )

),

{% endfor -%}

demos_and_onboardings as (

    select
        grain,
        period_start,
        sum(numerator) as completed_count
    from {{ ref('kpi_activities_completed') }}
    where
        dimension = 'activity_type'
        and dimension_value in ('demo', 'onboarding')
    group by grain, period_start

),

demo_pair as (

    select
        demos_onboarding_calls.grain,
        demos_onboarding_calls.period_start,
        demos_onboarding_calls.dimension,
        demos_onboarding_calls.dimension_value,
        'kpi_demos_onboarding_calls.numerator' as checked_column,
        'kpi_activities_completed.numerator (demo + onboarding)' as base_column,
        demos_onboarding_calls.numerator as checked_value,
        coalesce(demos_and_onboardings.completed_count, 0) as base_value
    from {{ ref('kpi_demos_onboarding_calls') }} as demos_onboarding_calls
    left join demos_and_onboardings
        on demos_onboarding_calls.grain = demos_and_onboardings.grain
            and demos_onboarding_calls.period_start = demos_and_onboardings.period_start
    where demos_onboarding_calls.dimension = 'overall'

),

all_leads as (

    select sum(numerator) as lead_count
    from {{ ref('kpi_new_leads') }}
    where grain = 'year' and dimension = 'overall'

),

status_pair as (

    select
        leads_by_status_share.grain,
        leads_by_status_share.period_start,
        leads_by_status_share.dimension,
        leads_by_status_share.dimension_value,
        'kpi_leads_by_status_share.denominator' as checked_column,
        'kpi_new_leads.numerator (all years)' as base_column,
        leads_by_status_share.denominator as checked_value,
        all_leads.lead_count as base_value
    from {{ ref('kpi_leads_by_status_share') }} as leads_by_status_share
    cross join all_leads

),

compared as (

    {%- for pair in count_pairs %}
    select * from pair_{{ loop.index }}
    union all
    {%- endfor %}
    select * from demo_pair
    union all
    select * from status_pair

),

final as (

    select * from compared
    where
        checked_value is null
        or base_value is null
        or abs(checked_value - base_value) > 1e-6 * (1 + abs(base_value))

)

select * from final
