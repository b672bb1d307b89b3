{#- sales_forecast: for each of the next 3 months from as_of, the weighted pipeline by
    expected_close_date month and a trend forecast (least-squares line over the last 12
    months of won_revenue); the method is the dimension (`method` = weighted_pipeline /
    trend), period_start the forecast month (after the as-of day). Computed in
    int_sales_forecast. -#}
with

sales_forecast as (

    select * from {{ ref('int_sales_forecast') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

forecast_rows as (

    select
        'month' as grain,
        forecast_month as period_start,
        'method' as dimension,
        method as dimension_value,
        value as numerator,
        cast(null as {{ type_double() }}) as denominator
    from sales_forecast

),

forecast_rows_kpi as (

    {{ kpi_rows(
        rows='forecast_rows',
        kpi_id='sales_forecast',
        unit='currency',
        value_type='total',
        dimension_members='dimension_members'
    ) }}

),

final as (

    select * from forecast_rows_kpi

)

select * from final
