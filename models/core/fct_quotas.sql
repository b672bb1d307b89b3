with

quotas as (

    select * from {{ ref('stg_crm__quotas') }}

),

fx_rate_periods as (

    select * from {{ ref('int_fx_rate_periods') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

final as (

    select
        {{ dbt.concat(['quotas.user_id', "':'", "cast(quotas.period_start as " ~ dbt.type_string() ~ ")"]) }}
            as quota_id,
        quotas.user_id,
        coalesce(users.team_id, 'unknown') as team_id,
        quotas.period_start as month_start_date,
        quotas.quota_amount,
        quotas.currency,
        quotas.quota_amount * fx.rate_to_reporting as quota_amount_reporting
    from quotas
    left join users
        on quotas.user_id = users.user_id
            and not users.is_unknown_member
    {{ join_fx_rate(
        currency='quotas.currency',
        on_date='quotas.period_start',
        fx_rate_periods='fx_rate_periods'
    ) }}

)

select * from final
