{#- won_revenue_growth_yoy: (won_revenue - same period a year earlier) / the latter, at the
    month, quarter and year grains, from kpi_won_revenue (numerator = current - previous,
    denominator = previous). -#}
with

won_revenue as (

    select * from {{ ref('kpi_won_revenue') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

{{ kpi_growth(
    base_kpi='won_revenue',
    kpi_id='won_revenue_growth_yoy',
    months_back=12,
    grains=['month', 'quarter', 'year'],
    dimensions=['overall', 'region'],
    dimension_members='dimension_members',
    output='won_revenue_growth_yoy_values'
) }},

final as (

    select * from won_revenue_growth_yoy_values

)

select * from final
