{#- Each KPI column of mart_saas_metrics_monthly equals the KPI's overall month row in
    kpi_values, and GRR = 1 - gross_mrr_churn_rate; a month without the KPI's row must show 0
    (counts, amounts) or null (rates). ltv_to_cac is not in kpi_values yet: its rows are read
    from kpi_ltv_to_cac too (`union` drops the copy once it is). Returns the months and columns
    that differ. -#}
{%- set compared_columns = [
    'mrr', 'mrr_new', 'mrr_reactivation', 'mrr_expansion', 'mrr_contraction', 'mrr_churned', 'arr',
    'paying_customers', 'new_customers', 'customer_churn_rate', 'customer_retention_rate',
    'gross_mrr_churn_rate', 'net_revenue_retention', 'arpa', 'clv', 'cac', 'ltv_to_cac',
] -%}
with

saas_metrics as (

    select * from {{ ref('mart_saas_metrics_monthly') }}

),

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

ltv_to_cac as (

    select * from {{ ref('kpi_ltv_to_cac') }}

),

mart_values as (

    {%- for column_name in compared_columns %}
    select
        '{{ column_name }}' as kpi_id,
        month_start_date,
        cast({{ column_name }} as {{ type_double() }}) as column_value
    from saas_metrics
    union all
    {%- endfor %}
    select
        'gross_revenue_retention_complement' as kpi_id,
        month_start_date,
        1 - gross_revenue_retention as column_value
    from saas_metrics

),

compared_kpis as (

    select distinct kpi_id from mart_values

),

overall_month_values as (

    select
        kpi_values.kpi_id,
        kpi_values.period_start as month_start_date,
        kpi_values.value as column_value
    from kpi_values
    inner join compared_kpis
        on kpi_values.kpi_id = compared_kpis.kpi_id
    where kpi_values.grain = 'month' and kpi_values.dimension = 'overall'
    union
    select
        ltv_to_cac.kpi_id,
        ltv_to_cac.period_start as month_start_date,
        ltv_to_cac.value as column_value
    from ltv_to_cac
    where ltv_to_cac.grain = 'month' and ltv_to_cac.dimension = 'overall'

),

expected_values as (

    select * from overall_month_values
    union all
    select
        'gross_revenue_retention_complement' as kpi_id,
        month_start_date,
        column_value
    from overall_month_values
    where kpi_id = 'gross_mrr_churn_rate'

),

compared as (

    select
        coalesce(mart_values.kpi_id, expected_values.kpi_id) as kpi_id,
        coalesce(mart_values.month_start_date, expected_values.month_start_date) as month_start_date,
        mart_values.month_start_date is not null as is_in_mart,
        expected_values.month_start_date is not null as is_in_kpi_values,
        mart_values.column_value as mart_value,
        expected_values.column_value as kpi_value
    from mart_values
    full outer join expected_values
        on mart_values.kpi_id = expected_values.kpi_id
            and mart_values.month_start_date = expected_values.month_start_date

)

select * from compared
where
    not is_in_mart
    or (not is_in_kpi_values and coalesce(mart_value, 0) <> 0)
    or (is_in_kpi_values and (mart_value is null) <> (kpi_value is null))
    or abs(mart_value - kpi_value) > 0.000001 * (1 + abs(kpi_value))
