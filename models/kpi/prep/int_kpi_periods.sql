{#- Every calendar period up to the as-of period, for each grain (month, quarter, year) and
    the single `snapshot` period (the as-of day), with the day a snapshot of it is taken
    (its last day, or the as-of day for the current period). -#}
with

dates as (

    select * from {{ ref('dim_dates') }}

),

calendar_periods as (

    {%- for grain in ['month', 'quarter', 'year'] %}
    select
        '{{ grain }}' as grain,
        {{ grain }}_start_date as period_start,
        least(max(date_day), {{ as_of_date() }}) as snapshot_date
    from dates
    where {{ grain }}_start_date <= {{ as_of_date() }}
    group by {{ grain }}_start_date
    union all
    {%- endfor %}
    select
        'snapshot' as grain,
        {{ as_of_date() }} as period_start,
        {{ as_of_date() }} as snapshot_date

),

final as (

    select
        {{ dbt.concat(['grain', "':'", "cast(period_start as " ~ dbt.type_string() ~ ")"]) }} as kpi_period_id,
        grain,
        period_start,
        snapshot_date
    from calendar_periods

)

select * from final
