{#- mrr_contraction: sum of (MRR_M-1 - MRR_M) where both > 0 and it fell
    (positive number).
    Records: every account-period with MRR now or before (0 where the account did not move this
    way), so the series starts with the first MRR period. -#}
with

account_periods as (

    select * from {{ ref('int_kpi_saas_account_periods') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

account_mrr_movements as (

    select
        account_periods.grain,
        account_periods.period_start,
        'all' as dim_overall,
        account_periods.mrr_contraction as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from account_periods

),

{{ kpi_aggregate(
    records='account_mrr_movements',
    kpi_id='mrr_contraction',
    unit='currency',
    value_type='total',
    dimensions=['overall'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='mrr_contraction_values'
) }},

final as (

    select * from mrr_contraction_values

)

select * from final
