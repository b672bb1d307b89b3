{#- mart_deal_funnel has exactly the month `stage` rows of stage_conversion_rate in kpi_values,
    with deals_reached = denominator, deals_converted = numerator and conversion_rate = value.
    Returns the cohort-stages missing on either side or that differ. -#}
with

deal_funnel as (

    select * from {{ ref('mart_deal_funnel') }}

),

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

stage_conversion_rows as (

    select
        period_start as cohort_month_start_date,
        dimension_value as stage_name,
        numerator,
        denominator,
        value
    from kpi_values
    where kpi_id = 'stage_conversion_rate' and grain = 'month' and dimension = 'stage'

),

compared as (

    select
        coalesce(deal_funnel.cohort_month_start_date, stage_conversion_rows.cohort_month_start_date)
            as cohort_month_start_date,
        coalesce(deal_funnel.stage_name, stage_conversion_rows.stage_name) as stage_name,
        deal_funnel.deals_reached,
        stage_conversion_rows.denominator,
        deal_funnel.deals_converted,
        stage_conversion_rows.numerator,
        deal_funnel.conversion_rate,
        stage_conversion_rows.value
    from deal_funnel
    full outer join stage_conversion_rows
        on deal_funnel.cohort_month_start_date = stage_conversion_rows.cohort_month_start_date
            and deal_funnel.stage_name = stage_conversion_rows.stage_name

)

select * from compared
where
    deals_reached is null
    or denominator is null
    or deals_reached <> denominator
    or deals_converted <> numerator
    or abs(conversion_rate - value) > 0.000001
