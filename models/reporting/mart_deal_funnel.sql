{#- Deal funnel by creation cohort (month) and stage: the stage rows of kpi_stage_conversion_rate
    (grain month) - deals of the cohort that reached the stage, those that reached the next
    non-lost stage and the rate - with the average days the cohort's deals stayed in the stage
    (stays that ended by the cut-off: the deal entered a later history row). Stages of several
    pipelines with the same name are one row, as in the KPI. -#}
with

stage_conversion_rate as (

    select * from {{ ref('kpi_stage_conversion_rate') }}

),

deals as (

    select * from {{ ref('fct_deals') }}

),

transitions as (

    select * from {{ ref('fct_deal_stage_transitions') }}

),

stages as (

    select * from {{ ref('dim_pipeline_stages') }}

),

cohort_stage_rows as (

    select
        period_start as cohort_month_start_date,
        dimension_value as stage_name,
        cast(denominator as {{ dbt.type_bigint() }}) as deals_reached,
        cast(numerator as {{ dbt.type_bigint() }}) as deals_converted,
        value as conversion_rate
    from stage_conversion_rate
    where grain = 'month' and dimension = 'stage'

),

stage_attributes as (

    select
        stage_name,
        case when min(pipeline) = max(pipeline) then min(pipeline) else 'several' end as pipeline,
        min(stage_order) as stage_order,
        case
            when min(next_stage_name) = max(next_stage_name) then min(next_stage_name) else 'several'
        end as next_stage_name
    from stages
    where not is_unknown_member and not is_lost
    group by stage_name

),

cohort_stage_stays as (

    select
        cast({{ dbt.date_trunc('month', 'deals.created_date') }} as date) as cohort_month_start_date,
        transitions.to_stage_name as stage_name,
        {{ exact_sum('transitions.days_in_stage') }} as days_in_stage_total,
        count(transitions.days_in_stage) as completed_stays
    from transitions
    inner join deals
        on transitions.deal_id = deals.deal_id
    where transitions.days_in_stage is not null
    group by cast({{ dbt.date_trunc('month', 'deals.created_date') }} as date), transitions.to_stage_name

),

final as (

    select
        {{ dbt.concat([
            "cast(cohort_stage_rows.cohort_month_start_date as " ~ dbt.type_string() ~ ")", "':'",
            'cohort_stage_rows.stage_name'
        ]) }} as cohort_stage_id,
        cohort_stage_rows.cohort_month_start_date,
        {{ is_complete_period("'month'", 'cohort_stage_rows.cohort_month_start_date') }} as is_complete_period,
        cohort_stage_rows.stage_name,
        stage_attributes.pipeline,
        stage_attributes.stage_order,
        stage_attributes.next_stage_name,
        cohort_stage_rows.deals_reached,
        cohort_stage_rows.deals_converted,
        cohort_stage_rows.conversion_rate,
        coalesce(cohort_stage_stays.completed_stays, 0) as completed_stays,
        coalesce(cohort_stage_stays.days_in_stage_total, 0) as days_in_stage_total,
        cohort_stage_stays.days_in_stage_total
        / cast(nullif(cohort_stage_stays.completed_stays, 0) as {{ type_double() }}) as avg_days_in_stage
    from cohort_stage_rows
    left join stage_attributes
        on cohort_stage_rows.stage_name = stage_attributes.stage_name
    left join cohort_stage_stays
        on cohort_stage_rows.cohort_month_start_date = cohort_stage_stays.cohort_month_start_date
            and cohort_stage_rows.stage_name = cohort_stage_stays.stage_name

)

select * from final
