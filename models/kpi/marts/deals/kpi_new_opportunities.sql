{#- new_opportunities: deals created in the period (count). -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

created_deals as (

    select
        deals.created_date as record_date,
        {{ deal_dimension_columns('deals') }},
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from deals
    where deals.created_date is not null

),

{{ kpi_aggregate(
    'created_deals', 'new_opportunities', 'count',
    ['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    value_type='total'
) }},

final as (

    select * from created_deals_kpi

)

select * from final
