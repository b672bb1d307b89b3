{#- Dimensions that partition a KPI's records add up to overall: every account-period (and every
    active subscription period for mrr by pricing_plan, every nps response) falls in exactly one
    member, so for each period the members' numerators and denominators sum to the overall row's
    (no member rows = 0). Fails with the (kpi, period, dimension) where they differ by > 0.01. -#}
{%- set partitions = {
    'kpi_mrr': ['pricing_plan', 'region', 'segment'],
    'kpi_paying_customers': ['region', 'segment'],
    'kpi_customer_churn_rate': ['region', 'segment'],
    'kpi_customer_retention_rate': ['region', 'segment'],
    'kpi_arpa': ['region', 'segment'],
    'kpi_nps': ['region', 'segment'],
} -%}
with

kpi_rows as (

    {%- for model in partitions %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        coalesce(numerator, 0) as numerator,
        coalesce(denominator, 0) as denominator
    from {{ ref(model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

partitioning_dimensions as (

    {%- for model, dimensions in partitions.items() %}
    {%- set outer_loop = loop %}
    {%- for dimension in dimensions %}
    select
        '{{ model[4:] }}' as kpi_id,
        '{{ dimension }}' as dimension
    {%- if not (outer_loop.last and loop.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}

),

overall_rows as (

    select * from kpi_rows
    where dimension = 'overall'

),

member_sums as (

    select
        kpi_id,
        grain,
        period_start,
        dimension,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from kpi_rows
    where dimension <> 'overall'
    group by kpi_id, grain, period_start, dimension

),

comparison as (

    select
        overall_rows.kpi_id,
        overall_rows.grain,
        overall_rows.period_start,
        partitioning_dimensions.dimension,
        overall_rows.numerator as overall_numerator,
        coalesce(member_sums.numerator, 0) as member_numerator,
        overall_rows.denominator as overall_denominator,
        coalesce(member_sums.denominator, 0) as member_denominator
    from overall_rows
    inner join partitioning_dimensions
        on overall_rows.kpi_id = partitioning_dimensions.kpi_id
    left join member_sums
        on overall_rows.kpi_id = member_sums.kpi_id
            and overall_rows.grain = member_sums.grain
            and overall_rows.period_start = member_sums.period_start
            and partitioning_dimensions.dimension = member_sums.dimension

)

select *
from comparison
where
    abs(overall_numerator - member_numerator) > 0.01
    or abs(overall_denominator - member_denominator) > 0.01
