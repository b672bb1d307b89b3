{#- Every KPI of the catalog in one long table: the union of the kpi_<kpi_id> marts. -#}
with

{% for kpi_model in kpi_models() %}
{{ kpi_model }} as (

    select * from {{ ref(kpi_model) }}

),

{% endfor %}
kpi_rows as (

    {%- for kpi_model in kpi_models() %}
    select
        kpi_id,
        grain,
        period_start,
        is_complete_period,
        dimension,
        dimension_value,
        dimension_label,
        dimension_sort_order,
        numerator,
        denominator,
        value,
        unit,
        currency_code
    from {{ kpi_model }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select * from kpi_rows

)

select * from final
