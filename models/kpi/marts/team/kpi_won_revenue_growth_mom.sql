{#- won_revenue_growth_mom: (won_revenue - previous month's) / previous month's, month grain
    only, from kpi_won_revenue (numerator = current - previous, denominator = previous). -#}
with

{{ kpi_growth(
    'kpi_won_revenue', 'won_revenue_growth_mom',
    months_back=1, grains=['month'], dimensions=['overall', 'region']
) }},

final as (

    select * from growth_kpi

)

select * from final
