{#- Where a dimension partitions a KPI's records, the members' numerators and denominators add
    up to the overall row's, for every period: csat and csat_satisfied_share over region and
    segment, roas over channel (deals without a known lead source count nowhere, expenses
    without a channel are the member `unknown`), market_share over region (region-years with
    market data only) and competitor_price_index over competitor. -#}
{%- set kpi_models = [
    'kpi_csat', 'kpi_csat_satisfied_share', 'kpi_roas', 'kpi_market_share', 'kpi_competitor_price_index'
] %}
with

{% for kpi_model in kpi_models %}
{{ kpi_model }} as (

    select * from {{ ref(kpi_model) }}

),

{% endfor %}
kpi_rows as (

    {%- for kpi_model in kpi_models %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        numerator,
        denominator
    from {{ kpi_model }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

member_totals as (

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

overall as (

    select
        kpi_id,
        grain,
        period_start,
        numerator,
        denominator
    from kpi_rows
    where dimension = 'overall'

),

final as (

    select
        overall.kpi_id,
        overall.grain,
        overall.period_start,
        member_totals.dimension,
        member_totals.numerator as members_numerator,
        overall.numerator as overall_numerator,
        member_totals.denominator as members_denominator,
        overall.denominator as overall_denominator
    from overall
    inner join member_totals
        on overall.kpi_id = member_totals.kpi_id
            and overall.grain = member_totals.grain
            and overall.period_start = member_totals.period_start
    where
        abs(member_totals.numerator - overall.numerator) > 0.000001 * (1 + abs(overall.numerator))
        or abs(member_totals.denominator - overall.denominator) > 0.000001 * (1 + abs(overall.denominator))

)

select * from final
