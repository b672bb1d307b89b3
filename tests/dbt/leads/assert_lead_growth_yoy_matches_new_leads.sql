{#- lead_growth_yoy compares new_leads with the same period a year earlier: its denominator is
    new_leads twelve months before and numerator + denominator is new_leads of the period
    (a missing new_leads row counts 0). Returns the growth rows that disagree. -#}
with

growth as (

    select * from {{ ref('kpi_lead_growth_yoy') }}

),

new_leads as (

    select * from {{ ref('kpi_new_leads') }}

),

final as (

    select
        growth.grain,
        growth.period_start,
        growth.dimension,
        growth.dimension_value,
        growth.numerator,
        growth.denominator,
        current_leads.value as new_leads_of_period,
        previous_leads.value as new_leads_year_earlier
    from growth
    left join new_leads as current_leads
        on growth.grain = current_leads.grain
            and growth.period_start = current_leads.period_start
            and growth.dimension = current_leads.dimension
            and growth.dimension_value = current_leads.dimension_value
    left join new_leads as previous_leads
        on growth.grain = previous_leads.grain
            and cast({{ dbt.dateadd('month', -12, 'growth.period_start') }} as date) = previous_leads.period_start
            and growth.dimension = previous_leads.dimension
            and growth.dimension_value = previous_leads.dimension_value
    where
        growth.denominator <> coalesce(previous_leads.value, 0)
        or growth.numerator + growth.denominator <> coalesce(current_leads.value, 0)
        or (current_leads.value is null and previous_leads.value is null)

)

select * from final
