{#- mart_lead_funnel_monthly adds up to the lead KPIs of kpi_values, per month:
    leads -> new_leads (overall, lead_source, campaign); won_leads / leads -> lead_to_customer_rate
    and followed_up_leads / leads -> lead_follow_up_rate (overall, lead_source); the responded
    leads' hours / responded_leads -> lead_response_hours (overall, lead_source); marketing_spend /
    leads -> cost_per_lead (overall, channel = lead_source, campaign). Both sides, a missing row
    counting as 0. Returns the KPIs, months and members whose numerator or denominator differ. -#}
{%- set checks = [
    ('new_leads', 'leads', 'null', ['overall', 'lead_source', 'campaign']),
    ('lead_to_customer_rate', 'won_leads', 'leads', ['overall', 'lead_source', 'campaign']),
    ('lead_follow_up_rate', 'followed_up_leads', 'leads', ['overall', 'lead_source']),
    (
        'lead_response_hours', 'avg_response_hours * responded_leads', 'responded_leads',
        ['overall', 'lead_source'],
    ),
    ('cost_per_lead', 'marketing_spend', 'leads', ['overall', 'channel', 'campaign']),
] -%}
{%- set member_columns = {
    'overall': "'all'", 'lead_source': 'lead_source', 'channel': 'lead_source', 'campaign': 'campaign_id',
} -%}
with

lead_funnel as (

    select * from {{ ref('mart_lead_funnel_monthly') }}

),

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

mart_totals as (

    {%- for kpi_id, numerator, denominator, dimensions in checks %}
    {%- set outer_loop = loop %}
    {%- for dimension in dimensions %}
    select
        '{{ kpi_id }}' as kpi_id,
        month_start_date,
        '{{ dimension }}' as dimension,
        {{ member_columns[dimension] }} as dimension_value,
        coalesce(sum(cast({{ numerator }} as {{ type_double() }})), 0) as numerator,
        coalesce(sum(cast({{ denominator }} as {{ type_double() }})), 0) as denominator
    from lead_funnel
    group by month_start_date{{ ', ' ~ member_columns[dimension] if dimension != 'overall' }}
    {%- if not (outer_loop.last and loop.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}

),

checked_dimensions as (

    select distinct
        kpi_id,
        dimension
    from mart_totals

),

kpi_totals as (

    select
        kpi_values.kpi_id,
        kpi_values.period_start as month_start_date,
        kpi_values.dimension,
        kpi_values.dimension_value,
        kpi_values.numerator,
        coalesce(kpi_values.denominator, 0) as denominator
    from kpi_values
    inner join checked_dimensions
        on kpi_values.kpi_id = checked_dimensions.kpi_id
            and kpi_values.dimension = checked_dimensions.dimension
    where kpi_values.grain = 'month'

),

compared as (

    select
        coalesce(mart_totals.kpi_id, kpi_totals.kpi_id) as kpi_id,
        coalesce(mart_totals.month_start_date, kpi_totals.month_start_date) as month_start_date,
        coalesce(mart_totals.dimension, kpi_totals.dimension) as dimension,
        coalesce(mart_totals.dimension_value, kpi_totals.dimension_value) as dimension_value,
        coalesce(mart_totals.numerator, 0) as mart_numerator,
        coalesce(kpi_totals.numerator, 0) as kpi_numerator,
        coalesce(mart_totals.denominator, 0) as mart_denominator,
        coalesce(kpi_totals.denominator, 0) as kpi_denominator
    from mart_totals
    full outer join kpi_totals
        on mart_totals.kpi_id = kpi_totals.kpi_id
            and mart_totals.month_start_date = kpi_totals.month_start_date
            and mart_totals.dimension = kpi_totals.dimension
            and mart_totals.dimension_value = kpi_totals.dimension_value

)

select * from compared
where
    abs(mart_numerator - kpi_numerator) > 0.000001 * (1 + abs(kpi_numerator))
    or abs(mart_denominator - kpi_denominator) > 0.000001 * (1 + abs(kpi_denominator))
