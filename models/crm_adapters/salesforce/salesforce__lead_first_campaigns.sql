{#- Every CampaignMember row with what the adapter makes of it (helper of salesforce__leads and
    the row accounting): a lead's campaign is its earliest membership (by CreatedDate, then Id)
    that is not deleted; drop_reason says why another row is not used. -#}
with

campaign_members as (

    select * from {{ source('salesforce', 'campaign_member') }}

),

ranked as (

    select
        {{ sf_text('campaign_members.lead_id') }} as lead_id,
        {{ sf_text('campaign_members.campaign_id') }} as campaign_id,
        campaign_members._source_row_number,
        {{ sf_is_true('campaign_members.is_deleted') }} as is_deleted,
        row_number() over (
            partition by
                {{ sf_text('campaign_members.lead_id') }},
                {{ sf_is_true('campaign_members.is_deleted') }}
            order by
                {{ parse_timestamp_utc(sf_text('campaign_members.created_date')) }} nulls last,
                campaign_members.id
        ) as member_rank
    from campaign_members

),

final as (

    select
        lead_id,
        campaign_id,
        _source_row_number,
        case
            when lead_id is null then 'not a lead''s membership (a contact''s)'
            when is_deleted then 'deleted'
            when member_rank > 1 then 'not the lead''s first campaign'
        end as drop_reason
    from ranked

)

select * from final
