{#- One row per month: the subscription KPIs' overall month rows side by side (MRR, its
    movements, ARR, paying and new customers, churn, retention, NRR, ARPA, CLV, CAC, LTV:CAC),
    plus gross revenue retention = 1 - gross_mrr_churn_rate, and each rate or average with its
    numerator and denominator (the KPI's own). A row for every month where at least
    one of these KPIs has an overall row; counts and amounts are 0 where a KPI has no row yet,
    rates and averages null. -#}
{%- set saas_kpis = [
    ('kpi_mrr', 'mrr', 'total'),
    ('kpi_mrr_new', 'mrr_new', 'total'),
    ('kpi_mrr_reactivation', 'mrr_reactivation', 'total'),
    ('kpi_mrr_expansion', 'mrr_expansion', 'total'),
    ('kpi_mrr_contraction', 'mrr_contraction', 'total'),
    ('kpi_mrr_churned', 'mrr_churned', 'total'),
    ('kpi_arr', 'arr', 'total'),
    ('kpi_paying_customers', 'paying_customers', 'count'),
    ('kpi_new_customers', 'new_customers', 'count'),
    ('kpi_customer_churn_rate', 'customer_churn_rate', 'ratio'),
    ('kpi_customer_retention_rate', 'customer_retention_rate', 'ratio'),
    ('kpi_gross_mrr_churn_rate', 'gross_mrr_churn_rate', 'ratio'),
    ('kpi_net_revenue_retention', 'net_revenue_retention', 'ratio'),
    ('kpi_arpa', 'arpa', 'ratio'),
    ('kpi_clv', 'clv', 'ratio'),
    ('kpi_cac', 'cac', 'ratio'),
    ('kpi_ltv_to_cac', 'ltv_to_cac', 'ratio'),
] -%}
with

{% for kpi_model, kpi_column, value_type in saas_kpis %}
{{ kpi_model }} as (

    select * from {{ ref(kpi_model) }}

),

{% endfor %}
overall_month_rows as (

    {%- for kpi_model, kpi_column, value_type in saas_kpis %}
    select
        period_start as month_start_date,
        '{{ kpi_column }}' as kpi_column,
        numerator,
        denominator,
        value
    from {{ kpi_model }}
    where grain = 'month' and dimension = 'overall'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

month_columns as (

    select
        {%- for kpi_model, kpi_column, value_type in saas_kpis %}
        max(case when kpi_column = '{{ kpi_column }}' then value end) as {{ kpi_column }},
        {%- if value_type == 'ratio' %}
        max(case when kpi_column = '{{ kpi_column }}' then numerator end) as {{ kpi_column }}_numerator,
        max(case when kpi_column = '{{ kpi_column }}' then denominator end) as {{ kpi_column }}_denominator,
        {%- endif %}
        {%- endfor %}
        month_start_date
    from overall_month_rows
    group by month_start_date

),

final as (

    select
        month_start_date,
        {{ is_complete_period("'month'", 'month_start_date') }} as is_complete_period,
        cast({{ reporting_currency() }} as {{ dbt.type_string() }}) as currency_code,
        {%- for kpi_model, kpi_column, value_type in saas_kpis if kpi_column != 'ltv_to_cac' %}
        {%- if value_type == 'count' %}
        cast(coalesce({{ kpi_column }}, 0) as {{ dbt.type_bigint() }}) as {{ kpi_column }},
        {%- elif value_type == 'total' %}
        coalesce({{ kpi_column }}, 0) as {{ kpi_column }},
        {%- elif kpi_column == 'gross_mrr_churn_rate' %}
        gross_mrr_churn_rate,
        1 - gross_mrr_churn_rate as gross_revenue_retention,
        {%- else %}
        {{ kpi_column }},
        {%- endif %}
        {%- if value_type == 'ratio' %}
        {{ kpi_column }}_numerator,
        {{ kpi_column }}_denominator,
        {%- endif %}
        {%- endfor %}
        ltv_to_cac,
        ltv_to_cac_numerator,
        ltv_to_cac_denominator
    from month_columns

)

select * from final
