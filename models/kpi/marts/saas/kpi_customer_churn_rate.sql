{#- customer_churn_rate: accounts with MRR > 0 in M-1 and 0 in M / accounts with MRR > 0 in
    M-1 (quarter/year: at the previous period's and the period's MRR snapshots). -#}
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
        case when account_periods.is_paying then 0 else 1 end as numerator_value,
        1 as denominator_value
    from account_periods
    where account_periods.was_paying

),

{{ kpi_aggregate(
    records='previously_paying_accounts',
    kpi_id='customer_churn_rate',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'region', 'segment'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='customer_churn_rate_values'
) }},

final as (

    select * from customer_churn_rate_values

)

select * from final
