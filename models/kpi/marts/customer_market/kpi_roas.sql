{#- roas: won_revenue with lead_source = channel / marketing expenses of that channel, in the
    period. By channel: won revenue of deals whose lead's source is the channel / marketing
    expenses booked on it (`unknown` = expenses without a channel). Overall: won revenue of the
    deals with a known lead source / all marketing expenses. Won deals without a known lead
    source (no lead, deleted lead, lead without a source) are traced to no channel and count
    nowhere. -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

expenses as (

    select * from {{ ref('fct_expenses') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

channel_won_deals as (

    select
        deals.closed_date as record_date,
        'all' as dim_overall,
        deals.lead_source as dim_channel,
        coalesce(deals.amount_reporting, 0) as numerator_value,
        cast(0 as {{ type_double() }}) as denominator_value
    from deals
    where
        deals.is_won
        and deals.lead_source <> 'unknown'

),

marketing_expenses as (

    select
        expenses.expense_date as record_date,
        'all' as dim_overall,
        expenses.channel as dim_channel,
        cast(0 as {{ type_double() }}) as numerator_value,
        coalesce(expenses.amount_reporting, 0) as denominator_value
    from expenses
    where expenses.category = 'marketing'

),

revenue_and_spend_records as (

    select * from channel_won_deals
    union all
    select * from marketing_expenses

),

{{ kpi_aggregate(
    records='revenue_and_spend_records',
    kpi_id='roas',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'channel'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='roas_values'
) }},

final as (

    select * from roas_values

)

select * from final
