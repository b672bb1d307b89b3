{#- customer_retention_rate: (paying customers at M - new - reactivated in M) / paying customers
    at M-1. Paying at M and not new or reactivated = paying at both M-1 and M, so: accounts with
    MRR > 0 in M-1 and in M / accounts with MRR > 0 in M-1. -#}
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

previously_paying_accounts as (

    select
        account_periods.grain,
        account_periods.period_start,
        'all' as dim_overall,
        account_periods.region as dim_region,
        account_periods.segment as dim_segment,
        case when account_periods.is_paying then 1 else 0 end as numerator_value,
        1 as denominator_value
    from account_periods
    where account_periods.was_paying

),

{{ kpi_aggregate(
    records='previously_paying_accounts',
    kpi_id='customer_retention_rate',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'region', 'segment'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='customer_retention_rate_values'
) }},

final as (

    select * from customer_retention_rate_values

)

select * from final
