{#- The rate of each currency as validity ranges [valid_from_date, valid_to_date): each
    rate holds from its rate_date until the next one; the first rate also covers every
    earlier day; the reporting currency is always 1. -#}
with

fx_rates as (

    select * from {{ ref('stg_crm__fx_rates') }}

),

foreign_rates as (

    select
        currency,
        rate_date,
        rate_to_reporting,
        lead(rate_date) over (partition by currency order by rate_date) as next_rate_date,
        row_number() over (partition by currency order by rate_date) as rate_rank
    from fx_rates
    where currency <> {{ reporting_currency() }}

),

rate_periods as (

    select
        currency,
        case
            when rate_rank = 1 then cast('1900-01-01' as date) else rate_date
        end as valid_from_date,
        coalesce(next_rate_date, cast('9999-12-31' as date)) as valid_to_date,
        rate_to_reporting
    from foreign_rates

    union all

    select
        {{ reporting_currency() }} as currency,
        cast('1900-01-01' as date) as valid_from_date,
        cast('9999-12-31' as date) as valid_to_date,
        1.0 as rate_to_reporting

),

final as (

    select
        {{ dbt.concat(['currency', "':'", "cast(valid_from_date as " ~ dbt.type_string() ~ ")"]) }}
            as fx_rate_period_id,
        currency,
        valid_from_date,
        valid_to_date,
        cast(rate_to_reporting as {{ type_double() }}) as rate_to_reporting
    from rate_periods

)

select * from final
