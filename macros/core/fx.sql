{#- Join the fx rate valid for (currency, event date): the latest rate_date <= the event date,
    else the currency's first rate; the reporting currency is 1. The model imports the rate
    periods itself (`fx_rate_periods as (select * from {{ ref('int_fx_rate_periods') }})`) and
    names that CTE here:
        from x
        {{ join_fx_rate(currency='x.currency', on_date='x.event_date',
                        fx_rate_periods='fx_rate_periods', alias='fx') }}
    then `amount * fx.rate_to_reporting`.
      currency         the SQL expression of the record's currency code
      on_date          the SQL expression of the day the amount applies to
      fx_rate_periods  the CTE (or relation) of int_fx_rate_periods' rows
      alias            the join's alias (default fx; two joins in one query need two aliases) -#}
{% macro join_fx_rate(currency=none, on_date=none, fx_rate_periods=none, alias='fx') -%}
    {{ require_keyword_arguments(macro_name='join_fx_rate', arguments={
        'currency': currency, 'on_date': on_date, 'fx_rate_periods': fx_rate_periods}) }}
    left join {{ fx_rate_periods }} as {{ alias }}
        on {{ currency }} = {{ alias }}.currency
        and {{ on_date }} >= {{ alias }}.valid_from_date
        and {{ on_date }} < {{ alias }}.valid_to_date
{%- endmacro %}

{#- on-run-start: a reporting currency that is neither the base nor quoted in fx_rates stops
    the run before any model, naming the currency and the table (salesdw load checks the file
    the same way). Skipped when the raw fx_rates table does not exist yet, and when a CRM's
    adapter provides the rates (then dq_unconverted_amounts lists what has no rate). -#}
{% macro check_reporting_currency_has_rates() -%}
    {%- set reporting = reporting_currency_code() -%}
    {%- set base = fx_base_currency_code() -%}
    {%- if execute and reporting != base and crm_table_provider(table='fx_rates') == 'contract' -%}
        {%- set fx_rates = source('crm', 'fx_rates') -%}
        {%- set relation = adapter.get_relation(
            database=fx_rates.database, schema=fx_rates.schema, identifier=fx_rates.identifier) -%}
        {%- if relation is not none -%}
            {%- set quoted = run_query(
                "select count(*) from " ~ relation ~ " where upper(trim(currency)) = '" ~ reporting
                ~ "' and rate_to_reporting is not null") -%}
            {%- if quoted.columns[0].values()[0] | int == 0 -%}
                {{ exceptions.raise_compiler_error(
                    "The reporting currency " ~ reporting ~ " (var reporting_currency, env "
                    ~ "CRM_REPORTING_CURRENCY) has no rate in " ~ relation ~ " (the fx_rates file), "
                    ~ "and it is not the base currency " ~ base ~ " the rates are quoted against "
                    ~ "(var fx_base_currency, env CRM_FX_BASE). Add " ~ reporting ~ " rates to "
                    ~ "fx_rates, or report in " ~ base ~ ".") }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    select 1
{%- endmacro %}
