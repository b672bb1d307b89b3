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

factor_values as (

    {%- for factor in ['new_opportunities', 'win_rate', 'avg_deal_size', 'sales_cycle_days'] %}
    select
        grain,
        period_start,
        dimension,
        dimension_value,
        {%- for column in ['new_opportunities', 'win_rate', 'avg_deal_size', 'sales_cycle_days'] %}
        {{ 'value' if column == factor else 'cast(null as ' ~ type_double() ~ ')' }} as {{ column }}
        {{- ',' if not loop.last }}
        {%- endfor %}
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

    {{ kpi_rows('velocity_rows', 'sales_velocity', 'currency_per_day', 'ratio') }}

),

final as (

    select * from velocity_kpi

)

select * from final
