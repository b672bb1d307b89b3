{#- pipeline_value: sum of amount of deals open at the period's end (a snapshot per month,
    quarter and year, and the snapshot grain at as_of), in the reporting currency at the
    snapshot day; by the stage held at that time. -#}
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
        amount_reporting as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from pipeline_snapshots

),

{{ kpi_aggregate(
    'open_deals_at_period_end', 'pipeline_value', 'currency',
    ['overall', 'rep', 'team', 'region', 'stage'],
    periodized=true
) }},

final as (

    select * from open_deals_at_period_end_kpi

)

select * from final
