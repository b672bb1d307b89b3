{#- quote_to_close_rate: deals closed in the period that had a completed `quote` or `proposal`
    activity before closing: won / all such. -#}
with

quoted_closed_deals as (

    select * from {{ ref('int_deals_quoted_before_close') }}

),

deals as (

    select * from {{ ref('fct_deals') }}

),

quoted_deals_closed as (

    select
        quoted_closed_deals.closed_date as record_date,
        {{ deal_dimension_columns('deals') }},
        case when quoted_closed_deals.is_won then 1 else 0 end as numerator_value,
        1 as denominator_value
    from quoted_closed_deals
    inner join deals
        on quoted_closed_deals.deal_id = deals.deal_id

),

{{ kpi_aggregate(
    'quoted_deals_closed', 'quote_to_close_rate', 'ratio',
    ['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    value_type='ratio'
) }},

final as (

    select * from quoted_deals_closed_kpi

)

select * from final
