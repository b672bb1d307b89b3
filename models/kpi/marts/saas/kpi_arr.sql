{#- arr: mrr x 12 (annual recurring revenue of the period's MRR snapshot), overall. -#}
with

mrr as (

    select * from {{ ref('kpi_mrr') }}

),

annualized_mrr as (

    select
        mrr.grain,
        mrr.period_start,
        mrr.dimension,
        mrr.dimension_value,
        mrr.value * 12 as numerator,
        cast(null as {{ type_double() }}) as denominator
    from mrr
    where mrr.dimension = 'overall'

),

annualized_mrr_kpi as (

    {{ kpi_rows('annualized_mrr', 'arr', 'currency', 'total') }}

),

final as (

    select * from annualized_mrr_kpi

)

select * from final
