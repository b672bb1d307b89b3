{#- pipeline_value and weighted_pipeline_value: the current month, quarter and year are all
    snapshots at as_of_date, like the `snapshot` grain, so every member has the same value in
    the four (a missing row counts as 0). Returns the members and grains that differ. -#}
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
        dimension_value,
        numerator
    from pipeline_value
    union all
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        numerator
    from weighted_pipeline_value

),

current_periods as (

    select
        'month' as grain,
        cast({{ dbt.date_trunc('month', as_of_date()) }} as date) as period_start
    union all
    select
        'quarter' as grain,
        cast({{ dbt.date_trunc('quarter', as_of_date()) }} as date) as period_start
    union all
    select
        'year' as grain,
        cast({{ dbt.date_trunc('year', as_of_date()) }} as date) as period_start

),

snapshot_rows as (

    select
        pipeline_rows.kpi_id,
        current_periods.grain,
        pipeline_rows.dimension,
        pipeline_rows.dimension_value,
        pipeline_rows.numerator
    from pipeline_rows
    cross join current_periods
    where pipeline_rows.grain = 'snapshot'

),

current_period_rows as (

    select
        pipeline_rows.kpi_id,
        pipeline_rows.grain,
        pipeline_rows.dimension,
        pipeline_rows.dimension_value,
        pipeline_rows.numerator
    from pipeline_rows
    inner join current_periods
        on pipeline_rows.grain = current_periods.grain
            and pipeline_rows.period_start = current_periods.period_start

),

compared as (

    select
        coalesce(snapshot_rows.kpi_id, current_period_rows.kpi_id) as kpi_id,
        coalesce(snapshot_rows.grain, current_period_rows.grain) as grain,
        coalesce(snapshot_rows.dimension, current_period_rows.dimension) as dimension,
        coalesce(snapshot_rows.dimension_value, current_period_rows.dimension_value)
            as dimension_value,
        coalesce(snapshot_rows.numerator, 0) as snapshot_total,
        coalesce(current_period_rows.numerator, 0) as current_period_total
    from snapshot_rows
    full outer join current_period_rows
        on snapshot_rows.kpi_id = current_period_rows.kpi_id
            and snapshot_rows.grain = current_period_rows.grain
            and snapshot_rows.dimension = current_period_rows.dimension
            and snapshot_rows.dimension_value = current_period_rows.dimension_value

)

select * from compared
where abs(snapshot_total - current_period_total) > 0.000001 * (1 + abs(snapshot_total))
