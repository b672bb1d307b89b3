{#- The open pipeline at the as-of snapshot (the end of the as-of day), one row per open deal:
    the `snapshot` rows of int_deal_pipeline_snapshots (stage held then, amount and weighted
    amount at the as-of day's rate) with the deal's account, owner and dates. Age and time in
    the current stage are fractional days up to the end of the as-of day; a deal without stage
    history has been in its stage since it was created. -#}
with

pipeline_snapshots as (

    select * from {{ ref('int_deal_pipeline_snapshots') }}

),

deals as (

    select * from {{ ref('fct_deals') }}

),

transitions as (

    select * from {{ ref('fct_deal_stage_transitions') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

teams as (

    select * from {{ ref('dim_teams') }}

),

pipeline_stages as (

    select * from {{ ref('dim_pipeline_stages') }}

),

as_of_open_deals as (

    select * from pipeline_snapshots
    where grain = 'snapshot'

),

current_stage_entries as (

    select
        deal_id,
        entered_at as stage_entered_at
    from transitions
    where exited_at is null

),

final as (

    select
        as_of_open_deals.deal_id,
        as_of_open_deals.snapshot_date,
        deals.deal_name,
        deals.account_id,
        coalesce(accounts.account_name, deals.account_id) as account_name,
        deals.region,
        deals.segment,
        as_of_open_deals.owner_id,
        coalesce(users.full_name, as_of_open_deals.owner_id) as owner_name,
        as_of_open_deals.team_id,
        coalesce(teams.team_name, as_of_open_deals.team_id) as team_name,
        deals.deal_type,
        deals.pipeline,
        as_of_open_deals.stage_name,
        pipeline_stages.stage_order,
        as_of_open_deals.stage_probability,
        as_of_open_deals.amount_reporting,
        as_of_open_deals.weighted_amount_reporting,
        cast({{ reporting_currency() }} as {{ dbt.type_string() }}) as currency_code,
        deals.created_date,
        {{ days_between('deals.created_at', as_of_cutoff()) }} as age_days,
        coalesce(current_stage_entries.stage_entered_at, deals.created_at) as stage_entered_at,
        {{ days_between(
            'coalesce(current_stage_entries.stage_entered_at, deals.created_at)', as_of_cutoff()
        ) }} as days_in_stage,
        deals.expected_close_date,
        coalesce(deals.expected_close_date < as_of_open_deals.snapshot_date, false) as is_past_expected_close
    from as_of_open_deals
    inner join deals
        on as_of_open_deals.deal_id = deals.deal_id
    left join current_stage_entries
        on as_of_open_deals.deal_id = current_stage_entries.deal_id
    left join accounts
        on deals.account_id = accounts.account_id
    left join users
        on as_of_open_deals.owner_id = users.user_id
    left join teams
        on as_of_open_deals.team_id = teams.team_id
    left join pipeline_stages
        on deals.pipeline = pipeline_stages.pipeline
            and as_of_open_deals.stage_name = pipeline_stages.stage_name
            and not pipeline_stages.is_unknown_member

)

select * from final
