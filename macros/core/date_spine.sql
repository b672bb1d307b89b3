{#- Consecutive days from start_date to end_date (inclusive) as `date_day`, portable:
    a cross join of digits gives up to 100,000 days (about 270 years). -#}
{% macro day_spine(start_date, end_date) -%}
    with digits as (
        {% for digit in range(10) -%}
        select {{ digit }} as digit{% if not loop.last %} union all {% endif %}
        {%- endfor %}
    ),

    day_numbers as (
        select
            ones.digit
            + 10 * tens.digit
            + 100 * hundreds.digit
            + 1000 * thousands.digit
            + 10000 * ten_thousands.digit as day_number
        from digits as ones
        cross join digits as tens
        cross join digits as hundreds
        cross join digits as thousands
        cross join digits as ten_thousands
    )

    select cast({{ dbt.dateadd('day', 'day_number', start_date) }} as date) as date_day
    from day_numbers
    where {{ dbt.dateadd('day', 'day_number', start_date) }} <= {{ end_date }}
{%- endmacro %}
