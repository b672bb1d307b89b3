with

plans as (

    select * from {{ ref('stg_crm__commission_plans') }}

),

final as (

    select
        {{ dbt.concat(['user_id', "':'", "cast(effective_from as " ~ dbt.type_string() ~ ")"]) }}
            as commission_plan_id,
        user_id,
        effective_from as effective_from_date,
        effective_to as effective_to_date,
        base_rate,
        coalesce(accelerator_threshold, 1.0) as accelerator_threshold,
        coalesce(accelerator_rate, base_rate) as accelerator_rate
    from plans

)

select * from final
