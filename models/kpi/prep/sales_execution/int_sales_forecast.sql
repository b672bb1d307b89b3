{#- sales_forecast, wide: for each of the 3 months after the as-of month, two forecasts.
    weighted_pipeline: deals open at the as-of day whose expected_close_date falls in the
      month, amount (reporting currency at as_of) x the probability of the deal's stage.
    trend: the least-squares line y = intercept + slope x over the monthly won_revenue
      (kpi_won_revenue, overall) of the 12 complete months ending with the last complete
      month at as_of (the as-of month itself only when as_of is its last day), x = month
      index (1 = the window's first month), evaluated at the forecast month's index and
      floored at 0. Months before the first won revenue are not fitted; under 2 fitted months
      the line, and the forecast, are null.
    Without any deal (an export without deals, e.g. billing only) there is nothing to forecast
    from: no rows. -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

won_revenue as (

    select * from {{ ref('kpi_won_revenue') }}

),

forecast_window as (

    select
        cast({{ dbt.date_trunc('month', as_of_date()) }} as date) as as_of_month,
        cast({{ dbt.dateadd(
            'month', -12, dbt.date_trunc('month', dbt.dateadd('day', 1, as_of_date()))
        ) }} as date) as first_fitted_month,
        cast({{ dbt.dateadd(
            'month', -1, dbt.date_trunc('month', dbt.dateadd('day', 1, as_of_date()))
        ) }} as date) as last_fitted_month

),

deal_counts as (

    select count(*) as deal_count
    from deals

),

months_ahead as (

    select 1 as months_ahead
    union all
    select 2 as months_ahead
    union all
    select 3 as months_ahead

),

forecast_months as (

    select
        cast({{ dbt.dateadd('month', 'months_ahead.months_ahead', 'forecast_window.as_of_month') }} as date)
            as forecast_month,
        {{ dbt.datediff(
            'forecast_window.first_fitted_month', 'forecast_window.as_of_month', 'month'
        ) }} + months_ahead.months_ahead + 1 as month_index
    from months_ahead
    cross join forecast_window
    cross join deal_counts
    where deal_counts.deal_count > 0

),

-- weighted pipeline: open deals by the month they are expected to close

expected_open_deals as (

    select
        cast({{ dbt.date_trunc('month', 'expected_close_date') }} as date) as expected_close_month,
        coalesce(amount_reporting, 0) * stage_probability as weighted_amount_reporting
    from deals
    where
        is_open
        and expected_close_date is not null

),

weighted_pipeline_forecast as (

    select
        'weighted_pipeline' as method,  -- noqa: RF04
        forecast_months.forecast_month,
        forecast_months.month_index,
        coalesce({{ exact_sum('expected_open_deals.weighted_amount_reporting') }}, 0)
            as value,  -- noqa: RF04
        cast(null as {{ type_double() }}) as slope,
        cast(null as {{ type_double() }}) as intercept,
        cast(null as {{ dbt.type_int() }}) as fitted_on_months
    from forecast_months
    left join expected_open_deals
        on forecast_months.forecast_month = expected_open_deals.expected_close_month
    group by forecast_months.forecast_month, forecast_months.month_index

),

-- trend: least squares over the fitted months, from the sums n, sum x, sum y, sum xy, sum x^2

window_won_revenue as (

    select
        forecast_window.first_fitted_month,
        won_revenue.period_start,
        cast(won_revenue.value as {{ type_double() }}) as won_revenue
    from won_revenue
    cross join forecast_window
    where
        won_revenue.grain = 'month'
        and won_revenue.dimension = 'overall'
        and won_revenue.period_start >= forecast_window.first_fitted_month
        and won_revenue.period_start <= forecast_window.last_fitted_month

),

fitted_months as (

    select
        {{ dbt.datediff(
            'first_fitted_month', 'period_start', 'month'
        ) }} + 1 as month_index,
        won_revenue
    from window_won_revenue

),

fit_sums as (

    select
        count(*) as fitted_on_months,
        cast(count(*) as {{ type_double() }}) as n,
        cast(sum(month_index) as {{ type_double() }}) as sum_x,
        {{ exact_sum('won_revenue') }} as sum_y,
        {{ exact_sum('month_index * won_revenue') }} as sum_xy,
        cast(sum(month_index * month_index) as {{ type_double() }}) as sum_xx
    from fitted_months

),

fit_slope as (

    select
        fitted_on_months,
        n,
        sum_x,
        sum_y,
        (n * sum_xy - sum_x * sum_y) / nullif(n * sum_xx - sum_x * sum_x, 0) as slope
    from fit_sums

),

trend_line as (

    select
        fitted_on_months,
        slope,
        (sum_y - slope * sum_x) / nullif(n, 0) as intercept
    from fit_slope

),

trend_line_values as (

    select
        forecast_months.forecast_month,
        forecast_months.month_index,
        trend_line.slope,
        trend_line.intercept,
        trend_line.fitted_on_months,
        trend_line.intercept + trend_line.slope * forecast_months.month_index as line_value
    from forecast_months
    cross join trend_line

),

trend_forecast as (

    select
        'trend' as method,  -- noqa: RF04
        forecast_month,
        month_index,
        cast(case when line_value < 0 then 0 else line_value end as {{ type_double() }})
            as value,  -- noqa: RF04
        cast(slope as {{ type_double() }}) as slope,
        cast(intercept as {{ type_double() }}) as intercept,
        cast(fitted_on_months as {{ dbt.type_int() }}) as fitted_on_months
    from trend_line_values

),

forecasts as (

    select * from weighted_pipeline_forecast
    union all
    select * from trend_forecast

),

final as (

    select
        {{ dbt.concat(['method', "':'", "cast(forecast_month as " ~ dbt.type_string() ~ ")"]) }}
            as sales_forecast_id,
        method,
        forecast_month,
        month_index,
        value,
        slope,
        intercept,
        fitted_on_months
    from forecasts

)

select * from final
