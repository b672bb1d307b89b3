{#- net_revenue_retention: (MRR of M-1 + expansion - contraction - churned) / MRR of M-1, over
    the accounts with MRR > 0 in M-1 (new and reactivated MRR do not count). -#}
with

account_periods as (

    select * from {{ ref('int_kpi_saas_account_periods') }}

),

previously_paying_accounts as (

    select
        account_periods.grain,
        account_periods.period_start,
        'all' as dim_overall,
        account_periods.previous_mrr
        + account_periods.mrr_expansion
        - account_periods.mrr_contraction
        - account_periods.mrr_churned as numerator_value,
        account_periods.previous_mrr as denominator_value
    from account_periods
    where account_periods.was_paying

),

{{ kpi_aggregate(
    'previously_paying_accounts', 'net_revenue_retention', 'ratio', ['overall'],
    value_type='ratio', periodized=true
) }},

final as (

    select * from previously_paying_accounts_kpi

)

select * from final
