{#- new_customers: accounts whose first won deal (earliest closed_at) closed in the period; by
    the account's region and segment and the lead_source of that first won deal. -#}
with

first_won_deals as (

    select * from {{ ref('int_account_first_won_deals') }}

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

first_won_accounts as (

    select
        first_won_deals.first_won_date as record_date,
        {{ deal_dimension_columns(
            deals='deals',
            dimensions=['overall', 'region', 'segment', 'lead_source']
        ) }},
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from first_won_deals
    inner join deals
        on first_won_deals.first_won_deal_id = deals.deal_id

),

{{ kpi_aggregate(
    records='first_won_accounts',
    kpi_id='new_customers',
    unit='count',
    value_type='total',
    dimensions=['overall', 'region', 'segment', 'lead_source'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='new_customers_values'
) }},

final as (

    select * from new_customers_values

)

select * from final
