{#- mrr_new: MRR of accounts with MRR > 0 in M, 0 in M-1, and never > 0 before
    (at any monthly snapshot before the period; quarter/year compare with the previous period).
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
        account_periods.mrr_new as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from account_periods

),

{{ kpi_aggregate(
    records='account_mrr_movements',
    kpi_id='mrr_new',
    unit='currency',
    value_type='total',
    dimensions=['overall'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='mrr_new_values'
) }},

final as (

    select * from mrr_new_values

)

select * from final
