{#- MRR movement identity (catalog, Subscriptions), on the KPI marts, for every overall month,
    quarter and year: mrr_new + mrr_reactivation + mrr_expansion - mrr_contraction - mrr_churned
    = mrr - mrr of the previous period of the same grain (0 before the first period; a missing row
    counts as 0). Fails with the periods where the two sides differ by more than 0.01. -#}
{%- set movements = [
    ('kpi_mrr_new', 1), ('kpi_mrr_reactivation', 1), ('kpi_mrr_expansion', 1),
    ('kpi_mrr_contraction', -1), ('kpi_mrr_churned', -1),
] -%}
with

mrr as (

    select * from {{ ref('kpi_mrr') }}
    where dimension = 'overall'

),

identity_terms as (

    {%- for model, sign in movements %}
    select
        grain,
        period_start,
        {{ sign }} * value as movement,
        0 as mrr_change
    from {{ ref(model) }}
    where dimension = 'overall'
    union all
    {%- endfor %}
    select
        grain,
        period_start,
        0 as movement,
        value as mrr_change
    from mrr
    union all
    select
        grain,
        cast({{ dbt.dateadd(
            'month',
            "case grain when 'month' then 1 when 'quarter' then 3 else 12 end",
            'period_start'
        ) }} as date) as period_start,
        0 as movement,
        -value as mrr_change
    from mrr

),

period_sums as (

    select
        grain,
        period_start,
        sum(movement) as net_movement,
        sum(mrr_change) as mrr_change
    from identity_terms
    where period_start <= {{ as_of_date() }}
    group by grain, period_start

)

select *
from period_sums
where abs(net_movement - mrr_change) > 0.01
