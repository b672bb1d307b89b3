{#- Join the fx rate valid for (currency, event date) from int_fx_rate_periods:
    the latest rate_date <= the event date, else the currency's first rate; the reporting
    currency is 1. Use as: from x {{ join_fx_rate('x.currency', 'x.event_date', 'fx') }}
    and then `amount * fx.rate_to_reporting`. -#}
{% macro join_fx_rate(currency_expr, date_expr, alias='fx') -%}
    left join {{ ref('int_fx_rate_periods') }} as {{ alias }}
        on {{ currency_expr }} = {{ alias }}.currency
        and {{ date_expr }} >= {{ alias }}.valid_from_date
        and {{ date_expr }} < {{ alias }}.valid_to_date
{%- endmacro %}
