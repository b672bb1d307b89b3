{#- The catalog's ranges of the team KPIs: counts, amounts, per-rep values and attainment are
    >= 0 (attainment may exceed 1); a growth rate of a non-negative amount is >= -1.
    Returns the rows out of range. -#}
with

non_negative_values as (

    {%- for kpi_model in [
        'kpi_activities_completed', 'kpi_active_reps', 'kpi_activities_per_rep',
        'kpi_sales_per_rep', 'kpi_quota_attainment', 'kpi_commission_amount'
    ] %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        value
    from {{ ref(kpi_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

growth_values as (

    {%- for kpi_model in ['kpi_won_revenue_growth_mom', 'kpi_won_revenue_growth_yoy'] %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        value
    from {{ ref(kpi_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

out_of_range as (

    select * from non_negative_values
    where value < 0
    union all
    select * from growth_values
    where value < -1

)

select * from out_of_range
