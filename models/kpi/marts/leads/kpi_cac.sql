{#- cac: sales + marketing expenses in the period / new_customers in the period (accounts whose
    first won deal closed in the period). -#}
with

expenses as (

    select * from {{ ref('fct_expenses') }}

),

first_won_deals as (

    select * from {{ ref('int_account_first_won_deals') }}

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
    'spend_and_customer_records', 'cac', 'currency',
    ['overall'],
    value_type='ratio'
) }},

final as (

    select * from spend_and_customer_records_kpi

)

select * from final
