{#- deals_lost: lost deals closed in the period (lost = is_closed and not is_won). -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

lost_deals as (

    select
        deals.closed_date as record_date,
        {{ deal_dimension_columns(deals='deals') }},
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from deals
    where deals.is_lost

),

{{ kpi_aggregate(
    records='lost_deals',
    kpi_id='deals_lost',
    unit='count',
    value_type='total',
    dimensions=['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='deals_lost_values'
) }},

final as (

    select * from deals_lost_values

)

select * from final
