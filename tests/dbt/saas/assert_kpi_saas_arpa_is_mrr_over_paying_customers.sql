{#- arpa = mrr / paying_customers: for every row of arpa (overall, region, segment) its numerator
    is the mrr and its denominator the paying_customers of the same period and member, and the
    three KPIs have rows for the same members. Fails with the rows that disagree (> 0.01). -#}
with

arpa as (

    select * from {{ ref('kpi_arpa') }}

),

mrr as (

    select * from {{ ref('kpi_mrr') }}
    where dimension in ('overall', 'region', 'segment')

),

paying_customers as (

    select * from {{ ref('kpi_paying_customers') }}

),

comparison as (

    select
        coalesce(arpa.grain, mrr.grain, paying_customers.grain) as grain,
        coalesce(arpa.period_start, mrr.period_start, paying_customers.period_start) as period_start,
        coalesce(arpa.dimension, mrr.dimension, paying_customers.dimension) as dimension,
        coalesce(arpa.dimension_value, mrr.dimension_value, paying_customers.dimension_value)
            as dimension_value,
        arpa.numerator as arpa_numerator,
        mrr.value as mrr,
        arpa.denominator as arpa_denominator,
        paying_customers.value as paying_customers
    from arpa
    full outer join mrr
        on arpa.grain = mrr.grain
            and arpa.period_start = mrr.period_start
            and arpa.dimension = mrr.dimension
            and arpa.dimension_value = mrr.dimension_value
    full outer join paying_customers
        on coalesce(arpa.grain, mrr.grain) = paying_customers.grain
            and coalesce(arpa.period_start, mrr.period_start) = paying_customers.period_start
            and coalesce(arpa.dimension, mrr.dimension) = paying_customers.dimension
            and coalesce(arpa.dimension_value, mrr.dimension_value) = paying_customers.dimension_value

)

select *
from comparison
where
    arpa_numerator is null
    or mrr is null
    or arpa_denominator is null
    or paying_customers is null
    or abs(arpa_numerator - mrr) > 0.01
    or abs(arpa_denominator - paying_customers) > 0.01
