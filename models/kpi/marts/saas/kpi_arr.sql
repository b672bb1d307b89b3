{#- arr: mrr x 12 (annual recurring revenue of the period's MRR snapshot), overall. -#}
with

mrr as (

    select * from {{ ref('kpi_mrr') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

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

    {{ kpi_rows(
        rows='annualized_mrr',
        kpi_id='arr',
        unit='currency',
        value_type='total',
        dimension_members='dimension_members'
    ) }}

),

final as (

    select * from annualized_mrr_kpi

)

select * from final
