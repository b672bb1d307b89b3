{#- Deals as of the cut-off, with the catalog's attribution: owner (rep), the owner's team,
    the account's region and segment, the deal type and the lead source of the deal's lead;
    any missing or orphan member is 'unknown'. -#}
with

deals as (

    select * from {{ ref('int_deals_as_of') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

stages as (

    select * from {{ ref('dim_pipeline_stages') }}

),

final as (

    select
        deals.deal_id,
        deals.deal_name,
        coalesce(accounts.account_id, 'unknown') as account_id,
        coalesce(users.user_id, 'unknown') as owner_id,
        coalesce(users.team_id, 'unknown') as team_id,
        coalesce(accounts.region, 'unknown') as region,
        coalesce(accounts.segment, 'unknown') as segment,
        leads.lead_id,
        coalesce(leads.lead_source, 'unknown') as lead_source,
        coalesce(deals.deal_type, 'unknown') as deal_type,
        coalesce(deals.pipeline, 'unknown') as pipeline,
        coalesce(stages.stage_name, 'unknown') as stage_name,
        stages.stage_order,
        coalesce(stages.probability, 0) as stage_probability,
        deals.amount,
        deals.currency,
        deals.amount_reporting,
        deals.fx_rate_to_reporting,
        deals.amount_event_date,
        deals.created_at,
        cast(deals.created_at as date) as created_date,
        deals.expected_close_date,
        deals.closed_at,
        cast(deals.closed_at as date) as closed_date,
        deals.is_closed,
        deals.is_won,
        deals.is_lost,
        deals.is_open,
        case
            when deals.is_closed then {{ days_between('deals.created_at', 'deals.closed_at') }}
        end as sales_cycle_days,
        deals.competitor,
        deals.lost_reason
    from deals
    left join users
        on deals.owner_id = users.user_id
            and not users.is_unknown_member
    left join accounts
        on deals.account_id = accounts.account_id
            and not accounts.is_unknown_member
    left join leads
        on deals.lead_id = leads.lead_id
            and not leads.is_deleted
    left join stages
        on deals.pipeline = stages.pipeline
            and deals.stage_name = stages.stage_name
            and not stages.is_unknown_member

)

select * from final
