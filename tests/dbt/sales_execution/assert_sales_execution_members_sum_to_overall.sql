{#- For the sales-execution KPIs with an overall series, every dimension partitions the records
    (a deal has one owner, team, region, segment, lead source, type and competitor; a stage
    exit one stage; a line item one product and one plan), so the members' numerators and
    denominators add up to the overall row's, in every period. -#}
with

kpi_rows as (

    {%- for kpi_model in [
        'kpi_deals_lost', 'kpi_avg_days_in_stage', 'kpi_quote_to_close_rate',
        'kpi_upsell_cross_sell_rate', 'kpi_upsell_cross_sell_revenue_share',
        'kpi_competitor_win_rate', 'kpi_deals_lost_to_competitor', 'kpi_avg_profit_margin'
    ] %}
    select * from {{ ref(kpi_model) }}
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
        sum(coalesce(denominator, 0)) as denominator
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
        coalesce(denominator, 0) as denominator
    from kpi_rows
    where dimension = 'overall'

),

final as (

    select
        member_totals.kpi_id,
        member_totals.grain,
        member_totals.period_start,
        member_totals.dimension,
        member_totals.numerator as members_numerator,
        overall.numerator as overall_numerator,
        member_totals.denominator as members_denominator,
        overall.denominator as overall_denominator
    from member_totals
    left join overall
        on member_totals.kpi_id = overall.kpi_id
            and member_totals.grain = overall.grain
            and member_totals.period_start = overall.period_start
    where
        overall.kpi_id is null
        or abs(member_totals.numerator - overall.numerator) > 0.001 * (1 + abs(overall.numerator))
        or abs(member_totals.denominator - overall.denominator) > 0.001 * (1 + abs(overall.denominator))

)

select * from final
