{#- kpi_sales_forecast holds exactly the 3 months after the as-of month for each of the two
    methods, with the values of mart_sales_forecast (the same forecast, wide); both are empty
    when there is no deal at all (nothing to forecast from). -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

sales_forecast as (

    select * from {{ ref('kpi_sales_forecast') }}

),

mart_sales_forecast as (

    select * from {{ ref('mart_sales_forecast') }}

),

deal_counts as (

    select count(*) as deal_count
    from deals

),

forecast_months as (

    {%- for months_ahead in [1, 2, 3] %}
    {%- for method in ['weighted_pipeline', 'trend'] %}
    select
        '{{ method }}' as forecast_method,
        cast({{ dbt.dateadd('month', months_ahead, dbt.date_trunc('month', as_of_date())) }} as date)
            as forecast_month
    {%- if not (loop.last and months_ahead == 3) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}

),

expected_months as (

    select forecast_months.*
    from forecast_months
    cross join deal_counts
    where deal_counts.deal_count > 0

),

final as (

    select
        coalesce(
            expected_months.forecast_method, sales_forecast.dimension_value, mart_sales_forecast.method
        ) as forecast_method,
        coalesce(
            expected_months.forecast_month, sales_forecast.period_start, mart_sales_forecast.forecast_month
        ) as forecast_month,
        sales_forecast.value as kpi_value,
        mart_sales_forecast.value as mart_value
    from expected_months
    full outer join sales_forecast
        on expected_months.forecast_method = sales_forecast.dimension_value
            and expected_months.forecast_month = sales_forecast.period_start
    full outer join mart_sales_forecast
        on coalesce(expected_months.forecast_method, sales_forecast.dimension_value) = mart_sales_forecast.method
            and coalesce(expected_months.forecast_month, sales_forecast.period_start)
            = mart_sales_forecast.forecast_month
    where
        expected_months.forecast_method is null
        or sales_forecast.kpi_id is null
        or mart_sales_forecast.method is null
        or coalesce(sales_forecast.value, -1) <> coalesce(mart_sales_forecast.value, -1)

)

select * from final
