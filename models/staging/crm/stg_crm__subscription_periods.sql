with

checked_rows as (

    select * from {{ ref('base_crm__subscription_periods') }}

),

final as (

    select
        subscription_id,
        account_id,
        product_id,
        pricing_plan,
        period_start,
        period_end,
        mrr_amount,
        currency,
        billing_interval,
        updated_at,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
