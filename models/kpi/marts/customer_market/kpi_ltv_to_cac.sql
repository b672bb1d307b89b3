{#- ltv_to_cac: clv / cac of the same period (overall rows of kpi_clv and kpi_cac); a row where
    both KPIs have one; numerator = clv, denominator = cac, value null when cac is 0 or null (or
    clv is null). -#}
with

clv as (

    select * from {{ ref('kpi_clv') }}

),

cac as (

    select * from {{ ref('kpi_cac') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

clv_over_cac as (

    select
        clv.grain,
        clv.period_start,
        'overall' as dimension,
        'all' as dimension_value,
        clv.value as numerator,
        cac.value as denominator
    from clv
    inner join cac
        on clv.grain = cac.grain
            and clv.period_start = cac.period_start
            and clv.dimension = cac.dimension
            and clv.dimension_value = cac.dimension_value
    where clv.dimension = 'overall'

),

clv_over_cac_kpi as (

    {{ kpi_rows(
        rows='clv_over_cac',
        kpi_id='ltv_to_cac',
        unit='ratio',
        value_type='ratio',
        dimension_members='dimension_members'
    ) }}

),

final as (

    select * from clv_over_cac_kpi

)

select * from final
