{#- won_revenue_growth_mom: (won_revenue - previous month's) / previous month's, month grain
    only, from kpi_won_revenue (numerator = current - previous, denominator = previous). -#}
with

won_revenue as (

    select * from {{ ref('kpi_won_revenue') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

{{ kpi_growth(
    base_kpi='won_revenue',
    kpi_id='won_revenue_growth_mom',
    months_back=1,
    grains=['month'],
    dimensions=['overall', 'region'],
    dimension_members='dimension_members',
    output='won_revenue_growth_mom_values'
) }},

final as (

    select * from won_revenue_growth_mom_values

)

select * from final
