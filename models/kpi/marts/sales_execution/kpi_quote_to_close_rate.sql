{#- quote_to_close_rate: deals closed in the period that had a completed `quote` or `proposal`
    activity before closing: won / all such. -#}
with

quoted_closed_deals as (

    select * from {{ ref('int_deals_quoted_before_close') }}

),

deals as (

    select * from {{ ref('fct_deals') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

quoted_deals_closed as (

    select
        quoted_closed_deals.closed_date as record_date,
        {{ deal_dimension_columns(deals='deals') }},
        case when quoted_closed_deals.is_won then 1 else 0 end as numerator_value,
        1 as denominator_value
    from quoted_closed_deals
    inner join deals
        on quoted_closed_deals.deal_id = deals.deal_id

),

{{ kpi_aggregate(
    records='quoted_deals_closed',
    kpi_id='quote_to_close_rate',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='quote_to_close_rate_values'
) }},

final as (

    select * from quote_to_close_rate_values

)

select * from final
