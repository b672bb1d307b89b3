{#- sales_velocity: new_opportunities x win_rate x avg_deal_size / sales_cycle_days, all of
    the same period and member (currency per day). A row where any factor has one; a missing
    count is 0, a missing rate or average is null (and so is the velocity). -#}
{%- set dimensions = ['overall', 'rep', 'team', 'region'] -%}
{#- The four factors: each names its KPI's import CTE and its column in factor_values, which has
    one union branch per factor (its value in its own column, null in the other three). -#}
{%- set factors = ['new_opportunities', 'win_rate', 'avg_deal_size', 'sales_cycle_days'] -%}
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

    {%- for factor in factors %}
    select
        {%- for column in factors %}
        {{ 'value' if column == factor else 'cast(null as ' ~ type_double() ~ ')' }} as {{ column }},
        {%- endfor %}
        grain,
        period_start,
        dimension,
        dimension_value
    from {{ factor }}
    where dimension in ('{{ dimensions | join("', '") }}')
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}

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
