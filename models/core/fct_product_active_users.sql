with

active_users as (

    select * from {{ ref('stg_crm__product_active_users') }}

),

final as (

    select
        {{ dbt.concat([
            "cast(activity_date as " ~ dbt.type_string() ~ ")", "':'", 'account_id', "':'", 'app_user_id'
        ]) }} as active_user_day_id,
        activity_date,
        account_id,
        app_user_id
    from active_users
    where activity_date <= {{ as_of_date() }}

)

select * from final
