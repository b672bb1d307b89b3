{#- weighted_pipeline_value: as pipeline_value, each amount x the probability of the stage held at that time. -#}
with

pipeline_snapshots as (

    select * from {{ ref('int_deal_pipeline_snapshots') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

open_deals_at_period_end as (

    select
        grain,
        period_start,
        'all' as dim_overall,
        owner_id as dim_rep,
        team_id as dim_team,
        region as dim_region,
        stage_name as dim_stage,
        weighted_amount_reporting as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from pipeline_snapshots

),

{{ kpi_aggregate(
    records='open_deals_at_period_end',
    kpi_id='weighted_pipeline_value',
    unit='currency',
    value_type='total',
    dimensions=['overall', 'rep', 'team', 'region', 'stage'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='weighted_pipeline_value_values'
) }},

final as (

    select * from weighted_pipeline_value_values

)

select * from final
