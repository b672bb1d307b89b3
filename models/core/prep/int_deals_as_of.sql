{#- Each deal as it stood at the as-of cut-off: created by then, not deleted; a close after
    the cut-off has not happened (the deal is open; a closed_at on a deal not flagged closed
    is ignored too); the amount in the reporting currency at
    the deal's event date (closed -> closed_at, open -> as_of_date). -#}
with

deals as (

    select * from {{ ref('stg_crm__deals') }}

),

fx_rate_periods as (

    select * from {{ ref('int_fx_rate_periods') }}

),

deals_at_cutoff as (

    select
        deal_id,
        deal_name,
        account_id,
        owner_id,
        lead_id,
        pipeline,
        deal_type,
        stage_name,
        amount,
        currency,
        created_at,
        expected_close_date,
        competitor,
        lost_reason,
        case
            when (is_closed or is_won) and closed_at < {{ as_of_cutoff() }} then closed_at
        end as closed_at,
        coalesce((is_closed or is_won) and closed_at < {{ as_of_cutoff() }}, false) as is_closed,
        coalesce(is_won and closed_at < {{ as_of_cutoff() }}, false) as is_won
    from deals
    where
        not is_deleted
        and created_at < {{ as_of_cutoff() }}

),

with_event_date as (

    select
        *,
        is_closed and not is_won as is_lost,
        not is_closed as is_open,
        coalesce(cast(closed_at as date), {{ as_of_date() }}) as amount_event_date
    from deals_at_cutoff

),

final as (

    select
        with_event_date.*,
        with_event_date.amount * fx.rate_to_reporting as amount_reporting,
        fx.rate_to_reporting as fx_rate_to_reporting
    from with_event_date
    {{ join_fx_rate(
        currency='with_event_date.currency',
        on_date='with_event_date.amount_event_date',
        fx_rate_periods='fx_rate_periods'
    ) }}

)

select * from final
