{#- won_revenue_growth_yoy: (won_revenue - same period a year earlier) / the latter, at the
    month, quarter and year grains, from kpi_won_revenue (numerator = current - previous,
    denominator = previous). -#}
with

{{ kpi_growth(
    'kpi_won_revenue', 'won_revenue_growth_yoy',
    months_back=12, grains=['month', 'quarter', 'year'], dimensions=['overall', 'region']
) }},

final as (

    select * from growth_kpi

)

select * from final
