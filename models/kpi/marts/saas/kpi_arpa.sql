{#- arpa: mrr / paying_customers (average MRR per paying account at the period's MRR snapshot). -#}
with

account_periods as (

    select * from {{ ref('int_kpi_saas_account_periods') }}

),

paying_accounts as (

    select
        account_periods.grain,
        account_periods.period_start,
        'all' as dim_overall,
        account_periods.region as dim_region,
        account_periods.segment as dim_segment,
        account_periods.mrr as numerator_value,
        1 as denominator_value
    from account_periods
    where account_periods.is_paying

),

{{ kpi_aggregate(
    'paying_accounts', 'arpa', 'currency',
    ['overall', 'region', 'segment'],
    value_type='ratio', periodized=true
) }},

final as (

    select * from paying_accounts_kpi

)

select * from final
