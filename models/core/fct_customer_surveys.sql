{#- NPS and CSAT responses by the cut-off, with the account's region and segment; the free-text
    comment (may hold PII) stays in staging. -#}
with

surveys as (

    select * from {{ ref('stg_crm__customer_surveys') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

final as (

    select
        surveys.response_id,
        surveys.survey_type,
        coalesce(accounts.account_id, 'unknown') as account_id,
        coalesce(accounts.region, 'unknown') as region,
        coalesce(accounts.segment, 'unknown') as segment,
        surveys.responded_at,
        cast(surveys.responded_at as date) as responded_date,
        surveys.score,
        surveys.survey_type = 'nps' and surveys.score >= 9 as is_promoter,
        surveys.survey_type = 'nps' and surveys.score <= 6 as is_detractor,
        surveys.survey_type = 'csat' and surveys.score >= 4 as is_satisfied
    from surveys
    left join accounts
        on surveys.account_id = accounts.account_id
            and not accounts.is_unknown_member
    where surveys.responded_at < {{ as_of_cutoff() }}

)

select * from final
