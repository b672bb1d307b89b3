{#- dau_mau: average daily distinct active users in the month / distinct active users in the
    month. numerator = the average DAU (active user-days / days counted, int model), denominator
    = the MAU (distinct app users active in the period). Quarter and year: the average daily
    distinct users over the period's days / the distinct users of the whole period. -#}
with

product_usage as (

    select * from {{ ref('int_product_active_users_by_period') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

usage_periods as (

    select
        product_usage.grain,
        product_usage.period_start,
        'all' as dim_overall,
        product_usage.average_daily_active_users as numerator_value,
        product_usage.active_users as denominator_value
    from product_usage

),

{{ kpi_aggregate(
    records='usage_periods',
    kpi_id='dau_mau',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='dau_mau_values'
) }},

final as (

    select * from dau_mau_values

)

select * from final
