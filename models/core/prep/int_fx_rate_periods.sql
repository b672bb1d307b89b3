{#- Rates from each currency to the reporting currency as validity ranges
    [valid_from_date, valid_to_date). fx_rates quotes every currency against one base
    currency (var fx_base_currency; its own rate is 1 and need not be listed): a quoted rate
    holds from its rate_date until the currency's next one, and the first rate also covers
    every earlier day. A currency converts through the base: rate(currency) / rate(reporting
    currency), both valid on the same day, so a range ends wherever either rate changes. The
    reporting currency is always 1. -#}
with

fx_rates as (

    select * from {{ ref('stg_crm__fx_rates') }}

),

quoted_rates as (

    select
        currency,
        rate_date,
        rate_to_base,
        lead(rate_date) over (partition by currency order by rate_date) as next_rate_date,
        row_number() over (partition by currency order by rate_date) as rate_rank
    from fx_rates
    where currency <> {{ fx_base_currency() }}

),

base_rate_periods as (

    select
        currency,
        case
            when rate_rank = 1 then cast('1900-01-01' as date) else rate_date
        end as valid_from_date,
        coalesce(next_rate_date, cast('9999-12-31' as date)) as valid_to_date,
        cast(rate_to_base as {{ type_double() }}) as rate_to_base
    from quoted_rates

    union all

    select
        {{ fx_base_currency() }} as currency,
        cast('1900-01-01' as date) as valid_from_date,
        cast('9999-12-31' as date) as valid_to_date,
        cast(1.0 as {{ type_double() }}) as rate_to_base

),

reporting_currency_periods as (

    select * from base_rate_periods
    where currency = {{ reporting_currency() }}

),

cross_rate_periods as (

    select
        base_rate_periods.currency,
        greatest(base_rate_periods.valid_from_date, reporting_currency_periods.valid_from_date)
            as valid_from_date,
        least(base_rate_periods.valid_to_date, reporting_currency_periods.valid_to_date)
            as valid_to_date,
        base_rate_periods.rate_to_base / nullif(reporting_currency_periods.rate_to_base, 0)
            as rate_to_reporting
    from base_rate_periods
    inner join reporting_currency_periods
        on base_rate_periods.valid_from_date < reporting_currency_periods.valid_to_date
            and base_rate_periods.valid_to_date > reporting_currency_periods.valid_from_date
    where base_rate_periods.currency <> {{ reporting_currency() }}

    union all

    select
        {{ reporting_currency() }} as currency,
        cast('1900-01-01' as date) as valid_from_date,
        cast('9999-12-31' as date) as valid_to_date,
        cast(1.0 as {{ type_double() }}) as rate_to_reporting

),

final as (

    select
        {{ dbt.concat(['currency', "':'", "cast(valid_from_date as " ~ dbt.type_string() ~ ")"]) }}
            as fx_rate_period_id,
        currency,
        valid_from_date,
        valid_to_date,
        rate_to_reporting
    from cross_rate_periods

)

select * from final
