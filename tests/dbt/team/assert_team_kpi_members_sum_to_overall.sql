{#- Dimensions that partition a KPI's records add up to its overall row, per grain and period:
    every completed activity has exactly one owner (rep), team and type; every active rep,
    (rep, month) commission and (rep, month) quota pair one rep and team; every won deal and
    rep activity one team. Compares numerators (and denominators for the ratios).
    Returns the (kpi, dimension, period) where the members' sum differs from overall. -#}
with

partitioned_rows as (

    {%- for kpi_model in [
        'kpi_activities_completed', 'kpi_active_reps', 'kpi_activities_per_rep',
        'kpi_sales_per_rep', 'kpi_quota_attainment', 'kpi_commission_amount'
    ] %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        numerator,
        denominator
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
        sum(coalesce(denominator, 0)) as denominator
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
        coalesce(denominator, 0) as denominator
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

)

select * from compared
where
    abs(overall_numerator - members_numerator) > 1e-6 * (1 + abs(overall_numerator))
    or abs(overall_denominator - members_denominator) > 1e-6 * (1 + abs(overall_denominator))
