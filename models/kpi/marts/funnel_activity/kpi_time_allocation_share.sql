{#- time_allocation_share: share of the reps' logged minutes by category (prospecting,
    presenting, data entry, lead research, ...): minutes of the category / all minutes, over
    all reps' time entries with work_date in the period. Dimension category only (the shares of
    a period add up to 1); a per-rep breakdown belongs in a subject mart. -#}
with

time_entries as (

    select * from {{ ref('fct_rep_time_entries') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

logged_minutes as (

    select
        time_entries.work_date as record_date,
        coalesce(time_entries.category, 'unknown') as category,
        coalesce(time_entries.minutes, 0) as minutes
    from time_entries

),

logged_minutes_in_periods as (

    {{ kpi_periodize(records='logged_minutes') }}

),

category_minutes as (

    select
        grain,
        period_start,
        category,
        {{ exact_sum('minutes') }} as category_minutes
    from logged_minutes_in_periods
    group by grain, period_start, category

),

category_shares as (

    select
        grain,
        period_start,
        category as dim_category,
        category_minutes as numerator_value,
        cast(
            sum(cast(category_minutes as decimal(38, 12))) over (partition by grain, period_start)
            as {{ type_double() }}
        ) as denominator_value
    from category_minutes

),

{{ kpi_aggregate(
    records='category_shares',
    kpi_id='time_allocation_share',
    unit='ratio',
    value_type='ratio',
    dimensions=['category'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='time_allocation_share_values'
) }},

final as (

    select * from time_allocation_share_values

)

select * from final
