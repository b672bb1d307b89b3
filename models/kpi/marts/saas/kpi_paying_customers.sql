{#- paying_customers: accounts with MRR > 0 (at the period's MRR snapshot: a quarter or year at
    its last month, the as-of month for the current period). -#}
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
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from account_periods
    where account_periods.is_paying

),

{{ kpi_aggregate(
    records='paying_accounts',
    kpi_id='paying_customers',
    unit='count',
    value_type='total',
    dimensions=['overall', 'region', 'segment'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='paying_customers_values'
) }},

final as (

    select * from paying_customers_values

)

select * from final
