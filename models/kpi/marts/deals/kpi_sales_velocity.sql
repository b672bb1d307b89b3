{#- sales_velocity: new_opportunities x win_rate x avg_deal_size / sales_cycle_days, all of
    the same period and member (currency per day). A row where any factor has one; a missing
    count is 0, a missing rate or average is null (and so is the velocity). -#}
{%- set dimensions = ['overall', 'rep', 'team', 'region'] -%}
with

new_opportunities as (

    select * from {{ ref('kpi_new_opportunities') }}

),

win_rate as (

    select * from {{ ref('kpi_win_rate') }}

),

avg_deal_size as (

    select * from {{ ref('kpi_avg_deal_size') }}

),

sales_cycle_days as (

    select * from {{ ref('kpi_sales_cycle_days') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

factor_values as (

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        value as new_opportunities,
        cast(null as {{ type_double() }}) as win_rate,
        cast(null as {{ type_double() }}) as avg_deal_size,
        cast(null as {{ type_double() }}) as sales_cycle_days
    from new_opportunities
    where dimension in ('{{ dimensions | join("', '") }}')

    union all

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        cast(null as {{ type_double() }}) as new_opportunities,
        value as win_rate,
        cast(null as {{ type_double() }}) as avg_deal_size,
        cast(null as {{ type_double() }}) as sales_cycle_days
    from win_rate
    where dimension in ('{{ dimensions | join("', '") }}')

    union all

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        cast(null as {{ type_double() }}) as new_opportunities,
        cast(null as {{ type_double() }}) as win_rate,
        value as avg_deal_size,
        cast(null as {{ type_double() }}) as sales_cycle_days
    from avg_deal_size
    where dimension in ('{{ dimensions | join("', '") }}')

    union all

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        cast(null as {{ type_double() }}) as new_opportunities,
        cast(null as {{ type_double() }}) as win_rate,
        cast(null as {{ type_double() }}) as avg_deal_size,
        value as sales_cycle_days
    from sales_cycle_days
    where dimension in ('{{ dimensions | join("', '") }}')

),

factors_by_member as (

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        coalesce(max(new_opportunities), 0) as new_opportunities,
        max(win_rate) as win_rate,
        max(avg_deal_size) as avg_deal_size,
        max(sales_cycle_days) as sales_cycle_days
    from factor_values
    group by grain, period_start, dimension, dimension_value

),

velocity_rows as (

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        new_opportunities * win_rate * avg_deal_size as numerator,
        sales_cycle_days as denominator
    from factors_by_member

),

velocity_kpi as (

    {{ kpi_rows(
        rows='velocity_rows',
        kpi_id='sales_velocity',
        unit='currency_per_day',
        value_type='ratio',
        dimension_members='dimension_members'
    ) }}

),

final as (

    select * from velocity_kpi

)

select * from final
