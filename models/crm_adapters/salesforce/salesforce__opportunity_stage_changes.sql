{#- OpportunityHistory reduced to stage changes (helper of salesforce__deal_stage_history and
    the row accounting): Salesforce writes a row on every change of amount, close date,
    probability or forecast category too, so a row is kept only when its stage differs from the
    previous (not deleted) row of the same opportunity, ordered by CreatedDate, then Id. One
    row per OpportunityHistory row, with is_stage_change and the reason a row is dropped. -#}
with

history as (

    select * from {{ source('salesforce', 'opportunity_history') }}

),

live_history as (

    select
        {{ sf_text('history.id') }} as history_id,
        {{ sf_text('history.opportunity_id') }} as opportunity_id,
        {{ sf_text('history.stage_name') }} as stage_name,
        {{ sf_text('history.created_date') }} as created_date,
        {{ sf_text('history.created_by_id') }} as created_by_id,
        history._source_row_number,
        lag({{ sf_text('history.stage_name') }}) over (
            partition by {{ sf_text('history.opportunity_id') }}
            order by {{ parse_timestamp_utc(sf_text('history.created_date')) }} nulls last, history.id
        ) as previous_stage_name
    from history
    where not {{ sf_is_true('history.is_deleted') }}

),

deleted_history as (

    select
        {{ sf_text('history.id') }} as history_id,
        {{ sf_text('history.opportunity_id') }} as opportunity_id,
        {{ sf_text('history.stage_name') }} as stage_name,
        {{ sf_text('history.created_date') }} as created_date,
        {{ sf_text('history.created_by_id') }} as created_by_id,
        history._source_row_number,
        false as is_stage_change,
        'deleted history row' as drop_reason
    from history
    where {{ sf_is_true('history.is_deleted') }}

),

final as (

    select
        history_id,
        opportunity_id,
        stage_name,
        created_date,
        created_by_id,
        _source_row_number,
        coalesce(previous_stage_name is null or stage_name <> previous_stage_name, true) as is_stage_change,
        case
            when previous_stage_name is not null and stage_name = previous_stage_name
                then 'no stage change (amount, close date or probability change)'
        end as drop_reason
    from live_history

    union all

    select
        history_id,
        opportunity_id,
        stage_name,
        created_date,
        created_by_id,
        _source_row_number,
        is_stage_change,
        drop_reason
    from deleted_history

)

select * from final
