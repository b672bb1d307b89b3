{#- How far each deal got in its pipeline by the cut-off: the highest stage_order among the
    non-lost stages it held by then: its stage history rows entered by the cut-off, plus the
    stage it held at the cut-off (the latest of those rows, else the first stage of its
    pipeline). The deal record's own stage does not count: the export may have set it after
    the as-of day. A deal won by then reached every stage of its pipeline. -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

transitions as (

    select * from {{ ref('fct_deal_stage_transitions') }}

),

stages as (

    select * from {{ ref('dim_pipeline_stages') }}

),

pipeline_last_orders as (

    select
        pipeline,
        max(stage_order) as last_open_stage_order
    from stages
    where not is_lost and not is_unknown_member
    group by pipeline

),

held_stage_orders as (

    select
        deal_id,
        to_stage_order as stage_order
    from transitions
    where not is_lost_stage and to_stage_order is not null

    union all

    select
        deals.deal_id,
        stages.stage_order
    from deals
    inner join stages
        on deals.pipeline = stages.pipeline
            and stages.is_first_stage
    left join transitions
        on deals.deal_id = transitions.deal_id
    where
        transitions.deal_id is null
        and not stages.is_lost
        and not stages.is_unknown_member

),

furthest_held as (

    select
        deal_id,
        max(stage_order) as furthest_held_stage_order
    from held_stage_orders
    group by deal_id

),

final as (

    select
        deals.deal_id,
        deals.pipeline,
        deals.created_date,
        deals.is_won,
        case
            when deals.is_won then pipeline_last_orders.last_open_stage_order
            else furthest_held.furthest_held_stage_order
        end as furthest_stage_order
    from deals
    left join furthest_held
        on deals.deal_id = furthest_held.deal_id
    left join pipeline_last_orders
        on deals.pipeline = pipeline_last_orders.pipeline

)

select * from final
