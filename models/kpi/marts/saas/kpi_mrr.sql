{#- mrr: sum of account MRR. An account's MRR in month M is the sum of mrr_amount over its
    subscription periods active on M's snapshot day; a quarter or year takes the MRR of its last
    month (the as-of month for the current period). By overall, region and segment over the
    paying accounts (MRR > 0); by pricing_plan over the subscription periods active then. -#}
with

account_periods as (

    select * from {{ ref('int_kpi_saas_account_periods') }}

),

subscription_periods as (

    select * from {{ ref('int_kpi_saas_subscription_mrr_periods') }}

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
        {{ no_dimension_columns(dimensions=['pricing_plan']) }},
        account_periods.mrr as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from account_periods
    where account_periods.is_paying

),

active_subscription_periods as (

    select
        subscription_periods.grain,
        subscription_periods.period_start,
        {{ no_dimension_columns(dimensions=['overall', 'region', 'segment']) }},
        subscription_periods.pricing_plan as dim_pricing_plan,
        coalesce(subscription_periods.mrr_reporting, 0) as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from subscription_periods

),

mrr_records as (

    select * from paying_accounts
    union all
    select * from active_subscription_periods

),

{{ kpi_aggregate(
    records='mrr_records',
    kpi_id='mrr',
    unit='currency',
    value_type='total',
    dimensions=['overall', 'pricing_plan', 'region', 'segment'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='mrr_values'
) }},

final as (

    select * from mrr_values

)

select * from final
