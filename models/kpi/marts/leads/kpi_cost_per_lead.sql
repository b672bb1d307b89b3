{#- cost_per_lead: marketing expenses in the period / new_leads in the period; by channel:
    expenses of that channel / leads of that lead_source; by campaign likewise. -#}
with

expenses as (

    select * from {{ ref('fct_expenses') }}

),

leads as (

    select * from {{ ref('fct_leads') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

marketing_expenses as (

    select
        expenses.expense_date as record_date,
        'all' as dim_overall,
        expenses.channel as dim_channel,
        expenses.campaign_id as dim_campaign,
        coalesce(expenses.amount_reporting, 0) as numerator_value,
        cast(0 as {{ type_double() }}) as denominator_value
    from expenses
    where expenses.category = 'marketing'

),

created_leads as (

    select
        leads.created_date as record_date,
        'all' as dim_overall,
        leads.lead_source as dim_channel,
        leads.campaign_id as dim_campaign,
        cast(0 as {{ type_double() }}) as numerator_value,
        cast(1 as {{ type_double() }}) as denominator_value
    from leads

),

spend_and_lead_records as (

    select * from marketing_expenses
    union all
    select * from created_leads

),

{{ kpi_aggregate(
    records='spend_and_lead_records',
    kpi_id='cost_per_lead',
    unit='currency',
    value_type='ratio',
    dimensions=['overall', 'channel', 'campaign'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='cost_per_lead_values'
) }},

final as (

    select * from cost_per_lead_values

)

select * from final
