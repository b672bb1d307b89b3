{#- The rates' denominators are counts published by their own KPI: the lead cohort rates and
    cost_per_lead divide by new_leads of the same period and member (a cost_per_lead channel by
    the new_leads of the lead_source of that name), cac by new_customers. A missing count row is
    0 (e.g. a channel with spend and no leads). Returns the rows where they differ. -#}
with

new_leads as (

    select * from {{ ref('kpi_new_leads') }}

),

new_customers as (

    select * from {{ ref('kpi_new_customers') }}

),

denominators as (

    {%- for model_name in ['kpi_lead_to_customer_rate', 'kpi_lead_follow_up_rate'] %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        'new_leads' as counted_by,
        dimension as counted_dimension,
        denominator
    from {{ ref(model_name) }}
    union all
    {%- endfor %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        'new_leads' as counted_by,
        case when dimension = 'channel' then 'lead_source' else dimension end as counted_dimension,
        denominator
    from {{ ref('kpi_cost_per_lead') }}
    union all
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        'new_customers' as counted_by,
        dimension as counted_dimension,
        denominator
    from {{ ref('kpi_cac') }}

),

counts as (

    select
        'new_leads' as counted_by,
        grain,
        period_start,
        dimension,
        dimension_value,
        numerator
    from new_leads
    union all
    select
        'new_customers' as counted_by,
        grain,
        period_start,
        dimension,
        dimension_value,
        numerator
    from new_customers

),

final as (

    select
        denominators.kpi_id,
        denominators.grain,
        denominators.period_start,
        denominators.dimension,
        denominators.dimension_value,
        denominators.denominator,
        counts.numerator as counted
    from denominators
    left join counts
        on denominators.counted_by = counts.counted_by
            and denominators.grain = counts.grain
            and denominators.period_start = counts.period_start
            and denominators.counted_dimension = counts.dimension
            and denominators.dimension_value = counts.dimension_value
    where coalesce(denominators.denominator, -1) <> coalesce(counts.numerator, 0)

)

select * from final
