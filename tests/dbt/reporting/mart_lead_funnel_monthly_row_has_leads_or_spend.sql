{#- Every row of mart_lead_funnel_monthly has leads or marketing spend: a (month, lead source,
    campaign) row exists only because of one or the other. A row without both comes from
    marketing expenses whose amount could not be converted to the reporting currency, because
    fx_rates has no rate for their currency (the input is missing it; the warn test
    fct_expenses_amount_reporting_has_fx_rate counts those expenses). Each failing row says
    what is missing in `missing_input` (null: not explained by the input, a bug). -#}
with

lead_funnel as (

    select * from {{ ref('mart_lead_funnel_monthly') }}

),

expenses as (

    select * from {{ ref('fct_expenses') }}

),

rows_without_leads_or_spend as (

    select * from lead_funnel
    where not coalesce(leads > 0 or marketing_spend > 0, false)

),

unconverted_expenses as (

    select
        cast({{ dbt.date_trunc('month', 'expense_date') }} as date) as month_start_date,
        channel as lead_source,
        campaign_id,
        case
            when count(distinct currency) = 1 then min(currency)
            when count(distinct currency) = 2
                then {{ dbt.concat(['min(currency)', "' and '", 'max(currency)']) }}
            else {{ dbt.concat(['min(currency)', "', '", 'max(currency)', "' and others'"]) }}
        end as currencies,
        count(*) as expense_count
    from expenses
    where
        category = 'marketing'
        and amount is not null
        and amount_reporting is null
    group by cast({{ dbt.date_trunc('month', 'expense_date') }} as date), channel, campaign_id

),

final as (

    select
        case
            when unconverted_expenses.expense_count > 0
                then {{ dbt.concat([
                    "'fx_rates has no rate to convert '",
                    'unconverted_expenses.currencies',
                    "' into the reporting currency '",
                    reporting_currency(),
                    "': '",
                    'cast(unconverted_expenses.expense_count as ' ~ dbt.type_string() ~ ')',
                    "' marketing expense(s) of the month left out of marketing_spend'",
                ]) }}
        end as missing_input,
        rows_without_leads_or_spend.lead_source_campaign_month_id,
        rows_without_leads_or_spend.month_start_date,
        rows_without_leads_or_spend.lead_source,
        rows_without_leads_or_spend.campaign_id,
        rows_without_leads_or_spend.leads,
        rows_without_leads_or_spend.marketing_spend
    from rows_without_leads_or_spend
    left join unconverted_expenses
        on rows_without_leads_or_spend.month_start_date = unconverted_expenses.month_start_date
            and rows_without_leads_or_spend.lead_source = unconverted_expenses.lead_source
            and rows_without_leads_or_spend.campaign_id = unconverted_expenses.campaign_id

)

select * from final
