{#- Dimensions that partition a KPI's records add up to its overall row, per grain and period:
    every lead has exactly one source, campaign, region and owner (`unknown` included), every
    activity one type, owner and team, every active rep, survey response, customer and rep with
    a quota one team (and a customer one region and segment). Compares numerators and
    denominators. Returns the (kpi, dimension, period) where the members' sum differs. -#}
with

partitioned_rows as (

    {%- for kpi_model in [
        'kpi_mql_count', 'kpi_sql_count', 'kpi_qualified_leads', 'kpi_mql_to_sql_rate',
        'kpi_mql_to_customer_rate', 'kpi_sql_to_customer_rate', 'kpi_lead_to_opportunity_rate',
        'kpi_lead_lifecycle_days', 'kpi_positive_reply_rate', 'kpi_negative_reply_rate',
        'kpi_days_to_first_activity', 'kpi_activities_booked', 'kpi_calls_emails_per_rep',
        'kpi_demos_onboarding_calls', 'kpi_existing_customer_engagement',
        'kpi_reps_at_quota_share', 'kpi_employee_satisfaction'
    ] %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        numerator,
        coalesce(denominator, 0) as denominator
    from {{ ref(kpi_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

member_sums as (

    select
        kpi_id,
        grain,
        period_start,
        dimension,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from partitioned_rows
    where dimension <> 'overall'
    group by kpi_id, grain, period_start, dimension

),

overall_rows as (

    select
        kpi_id,
        grain,
        period_start,
        numerator,
        denominator
    from partitioned_rows
    where dimension = 'overall'

),

dimensions as (

    select distinct
        kpi_id,
        dimension
    from partitioned_rows
    where dimension <> 'overall'

),

compared as (

    select
        overall_rows.kpi_id,
        overall_rows.grain,
        overall_rows.period_start,
        dimensions.dimension,
        overall_rows.numerator as overall_numerator,
        coalesce(member_sums.numerator, 0) as members_numerator,
        overall_rows.denominator as overall_denominator,
        coalesce(member_sums.denominator, 0) as members_denominator
    from overall_rows
    inner join dimensions
        on overall_rows.kpi_id = dimensions.kpi_id
    left join member_sums
        on overall_rows.kpi_id = member_sums.kpi_id
            and overall_rows.grain = member_sums.grain
            and overall_rows.period_start = member_sums.period_start
            and dimensions.dimension = member_sums.dimension

),

final as (

    select * from compared
    where
        abs(overall_numerator - members_numerator) > 1e-6 * (1 + abs(overall_numerator))
        or abs(overall_denominator - members_denominator) > 1e-6 * (1 + abs(overall_denominator))

)

select * from final
