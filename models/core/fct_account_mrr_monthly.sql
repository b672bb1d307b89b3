{#- Account x month MRR with its movement category (new, expansion, contraction, churn,
    reactivation, unchanged) and the account's region and segment. -#}
with

account_mrr as (

    select * from {{ ref('int_account_mrr_periods') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

final as (

    select
        {{ dbt.concat([
            'account_mrr.account_id', "':'",
            "cast(account_mrr.period_start_date as " ~ dbt.type_string() ~ ")"
        ]) }} as account_month_id,
        account_mrr.account_id,
        account_mrr.period_start_date as month_start_date,
        {{ is_complete_period("'month'", 'account_mrr.period_start_date') }} as is_complete_period,
        coalesce(accounts.region, 'unknown') as region,
        coalesce(accounts.segment, 'unknown') as segment,
        cast({{ reporting_currency() }} as {{ dbt.type_string() }}) as currency_code,
        account_mrr.mrr,
        account_mrr.previous_mrr,
        account_mrr.mrr > 0 as is_paying,
        account_mrr.has_paid_before_period as has_paid_before,
        account_mrr.movement_category,
        account_mrr.mrr_new,
        account_mrr.mrr_reactivation,
        account_mrr.mrr_expansion,
        account_mrr.mrr_contraction,
        account_mrr.mrr_churned
    from account_mrr
    left join accounts
        on account_mrr.account_id = accounts.account_id
            and not accounts.is_unknown_member
    where account_mrr.grain = 'month'

)

select * from final
