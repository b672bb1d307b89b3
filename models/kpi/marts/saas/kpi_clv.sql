{#- clv: arpa / average of customer_churn_rate over the 12 months ending M (months with a value);
    null when that average is 0. Quarter and year: arpa of the period / the average monthly
    (overall) churn rate of the 12 months ending with the period's last month, capped at the
    as-of month. numerator = arpa, denominator = that average (null when no month has a rate). -#}
with

arpa as (

    select * from {{ ref('kpi_arpa') }}

),

customer_churn_rate as (

    select * from {{ ref('kpi_customer_churn_rate') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

overall_arpa as (

    select
        arpa.grain,
        arpa.period_start,
        arpa.value as arpa,
        cast({{ dbt.date_trunc('month', 'kpi_periods.snapshot_date') }} as date) as last_month_start
    from arpa
    inner join kpi_periods
        on arpa.grain = kpi_periods.grain
            and arpa.period_start = kpi_periods.period_start
    where arpa.dimension = 'overall'

),

monthly_churn_rates as (

    select
        customer_churn_rate.period_start as month_start,
        customer_churn_rate.value as churn_rate
    from customer_churn_rate
    where
        customer_churn_rate.grain = 'month'
        and customer_churn_rate.dimension = 'overall'
        and customer_churn_rate.value is not null

),

average_churn_rates as (

    select
        overall_arpa.grain,
        overall_arpa.period_start,
        {{ exact_avg('monthly_churn_rates.churn_rate') }} as average_churn_rate
    from overall_arpa
    inner join monthly_churn_rates
        on overall_arpa.last_month_start >= monthly_churn_rates.month_start
            and {{ dbt.dateadd('month', -12, 'overall_arpa.last_month_start') }}
            < monthly_churn_rates.month_start
    group by overall_arpa.grain, overall_arpa.period_start

),

arpa_over_churn as (

    select
        overall_arpa.grain,
        overall_arpa.period_start,
        'overall' as dimension,
        'all' as dimension_value,
        overall_arpa.arpa as numerator,
        average_churn_rates.average_churn_rate as denominator
    from overall_arpa
    left join average_churn_rates
        on overall_arpa.grain = average_churn_rates.grain
            and overall_arpa.period_start = average_churn_rates.period_start

),

arpa_over_churn_kpi as (

    {{ kpi_rows(
        rows='arpa_over_churn',
        kpi_id='clv',
        unit='currency',
        value_type='ratio',
        dimension_members='dimension_members'
    ) }}

),

final as (

    select * from arpa_over_churn_kpi

)

select * from final
