with

checked_rows as (

    select * from {{ ref('base_crm__quotas') }}

),

final as (

    select
        user_id,
        period_start,
        quota_amount,
        currency,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
