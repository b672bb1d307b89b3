{#- mrr_churned: sum of MRR_M-1 of accounts with MRR_M = 0 (positive number).
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
        account_periods.mrr_churned as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from account_periods

),

{{ kpi_aggregate(
    records='account_mrr_movements',
    kpi_id='mrr_churned',
    unit='currency',
    value_type='total',
    dimensions=['overall'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='mrr_churned_values'
) }},

final as (

    select * from mrr_churned_values

)

select * from final
