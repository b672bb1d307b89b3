{#- The sales forecast with its fit, one row per method and forecast month, for BI users who
    want the line behind the trend (slope, intercept, month index) next to the value. -#}
with

sales_forecast as (

    select * from {{ ref('int_sales_forecast') }}

),

final as (

    select
        sales_forecast_id,
        method,
        forecast_month,
        month_index,
        value,
        slope,
        intercept,
        fitted_on_months
    from sales_forecast

)

select * from final
