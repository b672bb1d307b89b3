{#- Deal KPIs counted over deals: every deal has exactly one rep, team, region, segment,
    lead_source and deal_type member (missing ones are 'unknown'), so the numerators and
    denominators of each of these dimensions sum to the overall ones, for every grain and
    period (a period without member rows sums to 0). Product and pricing_plan rows of
    won_revenue sum line items, not deals, and are left out. Returns the differences. -#}
{%- set deal_kpis = [
    'kpi_new_opportunities', 'kpi_pipeline_created_amount', 'kpi_deals_won', 'kpi_won_revenue',
    'kpi_win_rate', 'kpi_avg_deal_size', 'kpi_sales_cycle_days'
] -%}
{%- set partitioning_dimensions = ['rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'] -%}
with

kpi_rows as (

    {%- for kpi_model in deal_kpis %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        numerator,
        coalesce(denominator, 0) as denominator
    from {{ ref(kpi_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

partitioning_dimensions as (

    {%- for dimension in partitioning_dimensions %}
    select '{{ dimension }}' as dimension
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

overall_totals as (

    select
        kpi_id,
        grain,
        period_start,
        numerator as overall_numerator,
        denominator as overall_denominator
    from kpi_rows
    where dimension = 'overall'

),

member_totals as (

    select
        kpi_rows.kpi_id,
        kpi_rows.grain,
        kpi_rows.period_start,
        kpi_rows.dimension,
        sum(kpi_rows.numerator) as member_numerator,
        sum(kpi_rows.denominator) as member_denominator
    from kpi_rows
    inner join partitioning_dimensions
        on kpi_rows.dimension = partitioning_dimensions.dimension
    group by kpi_rows.kpi_id, kpi_rows.grain, kpi_rows.period_start, kpi_rows.dimension

),

expected_totals as (

    select
        overall_totals.*,
        partitioning_dimensions.dimension
    from overall_totals
    cross join partitioning_dimensions

),

compared as (

    select
        coalesce(expected_totals.kpi_id, member_totals.kpi_id) as kpi_id,
        coalesce(expected_totals.grain, member_totals.grain) as grain,
        coalesce(expected_totals.period_start, member_totals.period_start) as period_start,
        coalesce(expected_totals.dimension, member_totals.dimension) as dimension,
        expected_totals.overall_numerator,
        coalesce(member_totals.member_numerator, 0) as member_numerator,
        expected_totals.overall_denominator,
        coalesce(member_totals.member_denominator, 0) as member_denominator
    from expected_totals
    full outer join member_totals
        on expected_totals.kpi_id = member_totals.kpi_id
            and expected_totals.grain = member_totals.grain
            and expected_totals.period_start = member_totals.period_start
            and expected_totals.dimension = member_totals.dimension

)

select * from compared
where
    overall_numerator is null
    or abs(overall_numerator - member_numerator) > 0.000001 * (1 + abs(overall_numerator))
    or abs(overall_denominator - member_denominator) > 0.000001 * (1 + abs(overall_denominator))
