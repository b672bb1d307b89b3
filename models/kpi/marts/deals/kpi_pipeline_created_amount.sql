{#- pipeline_created_amount: sum of amount of deals created in the period (reporting currency;
    an open deal converted at as_of, a closed one at its close). -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

created_deals as (

    select
        deals.created_date as record_date,
        {{ deal_dimension_columns('deals') }},
        coalesce(deals.amount_reporting, 0) as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from deals
    where deals.created_date is not null

),

{{ kpi_aggregate(
    'created_deals', 'pipeline_created_amount', 'currency',
    ['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    value_type='total'
) }},

final as (

    select * from created_deals_kpi

)

select * from final
