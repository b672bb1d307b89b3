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
        {{ is_complete_period("'month'", 'forecast_month') }} as is_complete_period,
        month_index,
        value,
        cast({{ reporting_currency() }} as {{ dbt.type_string() }}) as currency_code,
        slope,
        intercept,
        fitted_on_months
    from sales_forecast

)

select * from final
