{#- fx_rates <- DatedConversionRate. Salesforce quotes ConversionRate as units of the currency
    for one unit of the corporate currency, valid from StartDate until NextStartDate; the
    contract quotes rate_to_reporting = units of the base currency for one unit of the currency
    = 1 / ConversionRate, valid from rate_date until the currency's next rate_date. So one row
    per range, at its StartDate, is the same rate on every day of [StartDate, NextStartDate)
    (a day before the first StartDate takes the first rate, as Salesforce does). The corporate
    currency's own rows (rate 1) are left out: set fx_base_currency (CRM_FX_BASE) to it. -#}
with

rates as (

    select * from {{ source('salesforce', 'dated_conversion_rate') }}

),

final as (

    select
        {{ sf_text('rates.start_date') }} as rate_date,
        upper({{ sf_text('rates.iso_code') }}) as currency,
        case
            when {{ parse_numeric(sf_text('rates.conversion_rate')) }} > 0
                then {{ sf_number_text('1 / ' ~ parse_numeric(sf_text('rates.conversion_rate'))) }}
            when {{ parse_numeric(sf_text('rates.conversion_rate')) }} is null
                then {{ sf_text('rates.conversion_rate') }}
        end as rate_to_reporting,
        rates._source_row_number
    from rates
    where coalesce(upper({{ sf_text('rates.iso_code') }}), '') <> {{ sf_corporate_currency() }}

)

select * from final
