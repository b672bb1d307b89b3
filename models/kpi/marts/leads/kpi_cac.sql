{#- cac: sales + marketing expenses in the period / new_customers in the period (accounts whose
    first won deal closed in the period). -#}
with

expenses as (

    select * from {{ ref('fct_expenses') }}

),

first_won_deals as (

    select * from {{ ref('int_account_first_won_deals') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

acquisition_expenses as (

    select
        expenses.expense_date as record_date,
        'all' as dim_overall,
        coalesce(expenses.amount_reporting, 0) as numerator_value,
        cast(0 as {{ type_double() }}) as denominator_value
    from expenses
    where expenses.category in ('sales', 'marketing')

),

first_won_accounts as (

    select
        first_won_deals.first_won_date as record_date,
        'all' as dim_overall,
        cast(0 as {{ type_double() }}) as numerator_value,
        cast(1 as {{ type_double() }}) as denominator_value
    from first_won_deals

),

spend_and_customer_records as (

    select * from acquisition_expenses
    union all
    select * from first_won_accounts

),

{{ kpi_aggregate(
    records='spend_and_customer_records',
    kpi_id='cac',
    unit='currency',
    value_type='ratio',
    dimensions=['overall'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='cac_values'
) }},

final as (

    select * from cac_values

)

select * from final
