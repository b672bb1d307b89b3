{#- lead_growth_yoy: (new_leads of the period - new_leads of the same period a year earlier)
    / the latter, at every grain. -#}
with

{{ kpi_growth(
    'kpi_new_leads', 'lead_growth_yoy', months_back=12,
    grains=['month', 'quarter', 'year'],
    dimensions=['overall', 'lead_source', 'campaign', 'region']
) }},

final as (

    select * from growth_kpi

)

select * from final
