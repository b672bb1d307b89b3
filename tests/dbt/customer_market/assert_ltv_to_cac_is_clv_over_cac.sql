{#- ltv_to_cac has a row exactly where kpi_clv and kpi_cac both have an overall row, with
    numerator = clv, denominator = cac and value = clv / cac (null when cac is 0 or null). -#}
with

ltv_to_cac as (

    select * from {{ ref('kpi_ltv_to_cac') }}

),

clv as (

    select * from {{ ref('kpi_clv') }}
    where dimension = 'overall'

),

cac as (

    select * from {{ ref('kpi_cac') }}
    where dimension = 'overall'

),

clv_and_cac as (

    select
        clv.grain,
        clv.period_start,
        clv.value as clv,
        cac.value as cac
    from clv
    inner join cac
        on clv.grain = cac.grain
            and clv.period_start = cac.period_start

),

final as (

    select
        coalesce(clv_and_cac.grain, ltv_to_cac.grain) as grain,
        coalesce(clv_and_cac.period_start, ltv_to_cac.period_start) as period_start,
        clv_and_cac.clv,
        clv_and_cac.cac,
        ltv_to_cac.numerator,
        ltv_to_cac.denominator,
        ltv_to_cac.value
    from clv_and_cac
    full outer join ltv_to_cac
        on clv_and_cac.grain = ltv_to_cac.grain
            and clv_and_cac.period_start = ltv_to_cac.period_start
    where
        clv_and_cac.grain is null
        or ltv_to_cac.grain is null
        or ltv_to_cac.dimension <> 'overall'
        or not coalesce(
            ltv_to_cac.numerator = clv_and_cac.clv,
            ltv_to_cac.numerator is null and clv_and_cac.clv is null
        )
        or not coalesce(
            ltv_to_cac.denominator = clv_and_cac.cac,
            ltv_to_cac.denominator is null and clv_and_cac.cac is null
        )
        or not coalesce(
            abs(ltv_to_cac.value - clv_and_cac.clv / nullif(clv_and_cac.cac, 0)) <= 0.000001 * abs(ltv_to_cac.value),
            ltv_to_cac.value is null and clv_and_cac.clv / nullif(clv_and_cac.cac, 0) is null
        )

)

select * from final
