{#- pipeline_value and weighted_pipeline_value: every open deal of a snapshot has exactly one
    stage, rep, team and region, so each of these dimensions partitions the overall value:
    overall = sum over the members, for every grain and period (a period without member rows
    sums to 0). Returns the snapshots and dimensions where the two differ. -#}
with

pipeline_value as (

    select * from {{ ref('kpi_pipeline_value') }}

),

weighted_pipeline_value as (

    select * from {{ ref('kpi_weighted_pipeline_value') }}

),

pipeline_rows as (

    select
        kpi_id,
        grain,
        period_start,
        dimension,
        numerator
    from pipeline_value
    union all
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        numerator
    from weighted_pipeline_value

),

partitioning_dimensions as (

    select 'stage' as dimension
    union all
    select 'rep' as dimension
    union all
    select 'team' as dimension
    union all
    select 'region' as dimension

),

overall_totals as (

    select
        kpi_id,
        grain,
        period_start,
        numerator as overall_total
    from pipeline_rows
    where dimension = 'overall'

),

member_totals as (

    select
        kpi_id,
        grain,
        period_start,
        dimension,
        sum(numerator) as member_total
    from pipeline_rows
    where dimension <> 'overall'
    group by kpi_id, grain, period_start, dimension

),

expected_totals as (

    select
        overall_totals.kpi_id,
        overall_totals.grain,
        overall_totals.period_start,
        partitioning_dimensions.dimension,
        overall_totals.overall_total
    from overall_totals
    cross join partitioning_dimensions

),

compared as (

    select
        coalesce(expected_totals.kpi_id, member_totals.kpi_id) as kpi_id,
        coalesce(expected_totals.grain, member_totals.grain) as grain,
        coalesce(expected_totals.period_start, member_totals.period_start) as period_start,
        coalesce(expected_totals.dimension, member_totals.dimension) as dimension,
        expected_totals.overall_total,
        coalesce(member_totals.member_total, 0) as member_total
    from expected_totals
    full outer join member_totals
        on expected_totals.kpi_id = member_totals.kpi_id
            and expected_totals.grain = member_totals.grain
            and expected_totals.period_start = member_totals.period_start
            and expected_totals.dimension = member_totals.dimension

)

select * from compared
where
    overall_total is null
    or abs(overall_total - member_total) > 0.000001 * (1 + abs(overall_total))
