{#- sales_per_rep: won_revenue (all won deals, whoever owns them) / active_reps, both of the
    same period (and team: the deal owner's and the rep's current team). -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

active_reps_by_period as (

    select * from {{ ref('int_active_reps_by_period') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

won_deals as (

    select
        deals.closed_date as record_date,
        deals.team_id,
        coalesce(deals.amount_reporting, 0) as numerator_value,
        cast(0 as {{ type_double() }}) as denominator_value
    from deals
    where deals.is_won

),

won_deals_in_periods as (

    {{ kpi_periodize(records='won_deals') }}

),

per_rep_records as (

    select
        grain,
        period_start,
        'all' as dim_overall,
        team_id as dim_team,
        numerator_value,
        denominator_value
    from won_deals_in_periods
    union all
    select
        grain,
        period_start,
        'all' as dim_overall,
        team_id as dim_team,
        cast(0 as {{ type_double() }}) as numerator_value,
        cast(1 as {{ type_double() }}) as denominator_value
    from active_reps_by_period

),

{{ kpi_aggregate(
    records='per_rep_records',
    kpi_id='sales_per_rep',
    unit='currency',
    value_type='ratio',
    dimensions=['overall', 'team'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='sales_per_rep_values'
) }},

final as (

    select * from sales_per_rep_values

)

select * from final
