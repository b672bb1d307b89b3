{#- weighted_pipeline_value: as pipeline_value, each amount x the probability of the stage held at that time. -#}
with

pipeline_snapshots as (

    select * from {{ ref('int_deal_pipeline_snapshots') }}

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
    'open_deals_at_period_end', 'weighted_pipeline_value', 'currency',
    ['overall', 'rep', 'team', 'region', 'stage'],
    periodized=true
) }},

final as (

    select * from open_deals_at_period_end_kpi

)

select * from final
