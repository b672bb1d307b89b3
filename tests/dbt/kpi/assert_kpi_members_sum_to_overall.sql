{#- For every KPI of kpi_values (all families): where a dimension partitions a KPI's records
    (every record has exactly one member), the members' numerators and denominators add up to
    the overall row's, for every period.
    KPIs without an overall series (stage_conversion_rate) have nothing to compare.
    Left out: KPIs whose value is not built from additive parts (sales_velocity, clv, ltv_to_cac)
    and won_revenue by product / pricing_plan (line items, not deals). -#}
with

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

member_totals as (

    select
        kpi_id,
        grain,
        period_start,
        dimension,
        sum(numerator) as numerator,
        sum(coalesce(denominator, 0)) as denominator
    from kpi_values
    where
        dimension <> 'overall'
        and kpi_id not in ('sales_velocity', 'clv', 'ltv_to_cac', 'arr')
        and not (kpi_id = 'won_revenue' and dimension in ('product', 'pricing_plan'))
    group by kpi_id, grain, period_start, dimension

),

overall as (

    select
        kpi_id,
        grain,
        period_start,
        numerator,
        coalesce(denominator, 0) as denominator
    from kpi_values
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
    inner join overall
        on member_totals.kpi_id = overall.kpi_id
            and member_totals.grain = overall.grain
            and member_totals.period_start = overall.period_start
    where
        abs(member_totals.numerator - overall.numerator) > 0.001 * (1 + abs(overall.numerator))
        or abs(member_totals.denominator - overall.denominator) > 0.001 * (1 + abs(overall.denominator))

)

select * from final
