{#- The MetricFlow time spine: one row per calendar day of core.dim_dates (from the first
    month with data to 12 months after the as-of day), at day grain. -#}
{{ config(materialized='table') }}

with

dates as (

    select * from {{ ref('dim_dates') }}

),

final as (

    select dates.date_day
    from dates

)

select * from final
