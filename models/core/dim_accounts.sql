with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

first_won_deals as (

    select * from {{ ref('int_account_first_won_deals') }}

),

known_accounts as (

    select
        accounts.account_id,
        coalesce(accounts.account_name, accounts.account_id) as account_name,
        accounts.industry,
        coalesce(accounts.segment, 'unknown') as segment,
        accounts.country,
        coalesce(accounts.region, 'unknown') as region,
        accounts.owner_id,
        accounts.created_at,
        first_won_deals.first_won_deal_id,
        first_won_deals.first_won_at,
        first_won_deals.first_won_date,
        first_won_deals.first_won_deal_id is not null as is_customer,
        false as is_unknown_member
    from accounts
    left join first_won_deals
        on accounts.account_id = first_won_deals.account_id
    where not accounts.is_deleted

),

unknown_account as (

    select
        'unknown' as account_id,
        {{ unknown_member_label() }} as account_name,
        cast(null as {{ dbt.type_string() }}) as industry,
        'unknown' as segment,
        cast(null as {{ dbt.type_string() }}) as country,
        'unknown' as region,
        cast(null as {{ dbt.type_string() }}) as owner_id,
        cast(null as {{ dbt.type_timestamp() }}) as created_at,
        cast(null as {{ dbt.type_string() }}) as first_won_deal_id,
        cast(null as {{ dbt.type_timestamp() }}) as first_won_at,
        cast(null as date) as first_won_date,
        false as is_customer,
        true as is_unknown_member

),

final as (

    select * from known_accounts
    union all
    select * from unknown_account

)

select * from final
