{#- lead_growth_yoy: (new_leads of the period - new_leads of the same period a year earlier)
    / the latter, at every grain. -#}
with

new_leads as (

    select * from {{ ref('kpi_new_leads') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

{{ kpi_growth(
    base_kpi='new_leads',
    kpi_id='lead_growth_yoy',
    months_back=12,
    grains=['month', 'quarter', 'year'],
    dimensions=['overall', 'lead_source', 'campaign', 'region'],
    dimension_members='dimension_members',
    output='lead_growth_yoy_values'
) }},

final as (

    select * from lead_growth_yoy_values

)

select * from final
