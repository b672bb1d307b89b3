{#- Every lead and expense record has exactly one member of each dimension (missing = unknown),
    so in every period the members of a dimension add up to the overall row, numerator and
    denominator alike (and no member exists in a period without an overall row).
    Returns the periods and dimensions where they do not. -#}
{%- set partitions = {
    'kpi_new_leads': ['lead_source', 'campaign', 'region', 'rep'],
    'kpi_lead_to_customer_rate': ['lead_source', 'campaign', 'region', 'rep'],
    'kpi_lead_follow_up_rate': ['lead_source', 'rep'],
    'kpi_lead_response_hours': ['lead_source', 'rep'],
    'kpi_cost_per_lead': ['channel', 'campaign'],
    'kpi_new_customers': ['region', 'segment', 'lead_source'],
} -%}

with

{% for model_name, dimensions in partitions.items() %}
{{ model_name }}_overall as (

    select
        grain,
        period_start,
        numerator,
        coalesce(denominator, 0) as denominator
    from {{ ref(model_name) }}
    where dimension = 'overall'

),

{{ model_name }}_member_sums as (

    select
        grain,
        period_start,
        dimension,
        sum(numerator) as numerator,
        sum(coalesce(denominator, 0)) as denominator
    from {{ ref(model_name) }}
    where dimension in ('{{ dimensions | join("', '") }}')
    group by grain, period_start, dimension

),

{{ model_name }}_expected as (

    {%- for dimension in dimensions %}
    select
        grain,
        period_start,
        '{{ dimension }}' as dimension,
        numerator,
        denominator
    from {{ model_name }}_overall
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

{{ model_name }}_mismatches as (

    select
        '{{ model_name }}' as model_name,
        coalesce(expected.grain, member_sums.grain) as grain,
        coalesce(expected.period_start, member_sums.period_start) as period_start,
        coalesce(expected.dimension, member_sums.dimension) as dimension,
        expected.numerator as overall_numerator,
        member_sums.numerator as member_numerator,
        expected.denominator as overall_denominator,
        member_sums.denominator as member_denominator
    from {{ model_name }}_expected as expected
    full outer join {{ model_name }}_member_sums as member_sums
        on expected.grain = member_sums.grain
            and expected.period_start = member_sums.period_start
            and expected.dimension = member_sums.dimension
    where
        expected.grain is null
        or abs(expected.numerator - coalesce(member_sums.numerator, 0))
        > 0.000000001 * (1 + abs(expected.numerator))
        or abs(expected.denominator - coalesce(member_sums.denominator, 0))
        > 0.000000001 * (1 + abs(expected.denominator))

),

{% endfor %}
final as (

    {%- for model_name in partitions %}
    select * from {{ model_name }}_mismatches
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select * from final
