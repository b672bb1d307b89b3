{#- One row per customer account (not deleted) as of the cut-off: accounts with a won deal or with
    MRR > 0 at some month. Current MRR is the account's MRR at the as-of month's snapshot;
    tenure counts calendar months from the month of the first won deal to the as-of month;
    engagement counts completed activities linked to the account in the 90 days ending on the
    as-of day; the latest NPS and CSAT are the account's most recent responses (ties: the
    smaller response_id). No personal data: contacts are not read. -#}
with

accounts as (

    select * from {{ ref('dim_accounts') }}

),

account_mrr as (

    select * from {{ ref('fct_account_mrr_monthly') }}

),

activities as (

    select * from {{ ref('fct_activities') }}

),

surveys as (

    select * from {{ ref('fct_customer_surveys') }}

),

mrr_history as (

    select
        account_id,
        min(case when is_paying then month_start_date end) as first_paying_month_start_date,
        sum(
            case
                when month_start_date = cast({{ dbt.date_trunc('month', as_of_date()) }} as date) then mrr
                else 0
            end
        ) as current_mrr
    from account_mrr
    group by account_id

),

customer_accounts as (

    select
        accounts.account_id,
        accounts.account_name,
        accounts.region,
        accounts.segment,
        accounts.industry,
        accounts.first_won_date as customer_since_date,
        mrr_history.first_paying_month_start_date,
        coalesce(mrr_history.current_mrr, 0) as current_mrr
    from accounts
    left join mrr_history
        on accounts.account_id = mrr_history.account_id
    where
        not accounts.is_unknown_member
        and (accounts.is_customer or mrr_history.first_paying_month_start_date is not null)

),

account_activity as (

    select
        account_id,
        max(occurred_date) as last_activity_date,
        sum(
            case
                when occurred_date >= cast({{ dbt.dateadd('day', -89, as_of_date()) }} as date) then 1
                else 0
            end
        ) as completed_activities_90d
    from activities
    where is_completed and account_id is not null
    group by account_id

),

ranked_responses as (

    select
        account_id,
        survey_type,
        score,
        responded_date,
        row_number() over (
            partition by account_id, survey_type
            order by responded_at desc, response_id asc
        ) as response_recency
    from surveys

),

latest_responses as (

    select
        account_id,
        max(case when survey_type = 'nps' then score end) as latest_nps_score,
        max(case when survey_type = 'nps' then responded_date end) as latest_nps_date,
        max(case when survey_type = 'csat' then score end) as latest_csat_score,
        max(case when survey_type = 'csat' then responded_date end) as latest_csat_date
    from ranked_responses
    where response_recency = 1
    group by account_id

),

joined as (

    select
        customer_accounts.account_id,
        customer_accounts.account_name,
        customer_accounts.region,
        customer_accounts.segment,
        customer_accounts.industry,
        customer_accounts.current_mrr,
        customer_accounts.customer_since_date,
        customer_accounts.first_paying_month_start_date,
        account_activity.last_activity_date,
        account_activity.completed_activities_90d,
        latest_responses.latest_nps_score,
        latest_responses.latest_nps_date,
        latest_responses.latest_csat_score,
        latest_responses.latest_csat_date,
        {{ as_of_date() }} as as_of_day
    from customer_accounts
    left join account_activity
        on customer_accounts.account_id = account_activity.account_id
    left join latest_responses
        on customer_accounts.account_id = latest_responses.account_id

),

final as (

    select
        account_id,
        account_name,
        region,
        segment,
        industry,
        current_mrr,
        cast({{ reporting_currency() }} as {{ dbt.type_string() }}) as currency_code,
        current_mrr > 0 as is_paying,
        customer_since_date,
        cast(
            {{ dbt.datediff('customer_since_date', 'as_of_day', 'month') }}
            as {{ dbt.type_bigint() }}
        ) as tenure_months,
        first_paying_month_start_date,
        last_activity_date,
        cast(
            {{ dbt.datediff('last_activity_date', 'as_of_day', 'day') }}
            as {{ dbt.type_bigint() }}
        ) as days_since_last_activity,
        cast(coalesce(completed_activities_90d, 0) as {{ dbt.type_bigint() }}) as completed_activities_90d,
        latest_nps_score,
        latest_nps_date,
        latest_csat_score,
        latest_csat_date
    from joined

)

select * from final
