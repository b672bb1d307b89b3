with

campaigns as (

    select * from {{ ref('stg_crm__campaigns') }}

),

known_campaigns as (

    select
        campaign_id,
        coalesce(campaign_name, campaign_id) as campaign_name,
        coalesce(channel, 'unknown') as channel,
        started_date,
        ended_date,
        budget,
        currency,
        false as is_unknown_member
    from campaigns

),

unknown_campaign as (

    select
        'unknown' as campaign_id,
        {{ unknown_member_label() }} as campaign_name,
        'unknown' as channel,
        cast(null as date) as started_date,
        cast(null as date) as ended_date,
        cast(null as {{ type_double() }}) as budget,
        cast(null as {{ dbt.type_string() }}) as currency,
        true as is_unknown_member

),

final as (

    select * from known_campaigns
    union all
    select * from unknown_campaign

)

select * from final
