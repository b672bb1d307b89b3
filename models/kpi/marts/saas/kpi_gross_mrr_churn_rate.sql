{#- gross_mrr_churn_rate: (mrr_churned + mrr_contraction) / MRR of M-1, over the accounts with
    MRR > 0 in M-1 (the only ones that can churn or contract). -#}
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
        account_periods.mrr_churned + account_periods.mrr_contraction as numerator_value,
        account_periods.previous_mrr as denominator_value
    from account_periods
    where account_periods.was_paying

),

{{ kpi_aggregate(
    records='previously_paying_accounts',
    kpi_id='gross_mrr_churn_rate',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='gross_mrr_churn_rate_values'
) }},

final as (

    select * from gross_mrr_churn_rate_values

)

select * from final
