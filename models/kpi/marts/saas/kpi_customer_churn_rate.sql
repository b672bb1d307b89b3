{#- customer_churn_rate: accounts with MRR > 0 in M-1 and 0 in M / accounts with MRR > 0 in
    M-1 (quarter/year: at the previous period's and the period's MRR snapshots). -#}
with

account_periods as (

    select * from {{ ref('int_kpi_saas_account_periods') }}

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
    'previously_paying_accounts', 'customer_churn_rate', 'ratio',
    ['overall', 'region', 'segment'],
    value_type='ratio', periodized=true
) }},

final as (

    select * from previously_paying_accounts_kpi

)

select * from final
