{#- arpa: mrr / paying_customers (average MRR per paying account at the period's MRR snapshot). -#}
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
    records='paying_accounts',
    kpi_id='arpa',
    unit='currency',
    value_type='ratio',
    dimensions=['overall', 'region', 'segment'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='arpa_values'
) }},

final as (

    select * from arpa_values

)

select * from final
