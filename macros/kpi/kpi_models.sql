{#- Every KPI mart unioned into kpi_values. A new kpi_<id> model must be added here; the test
    tests/python/test_project_structure.py fails when a kpi_ model is missing from this list. -#}
{% macro kpi_models() -%}
    {{ return([
        'kpi_new_opportunities',
        'kpi_pipeline_created_amount',
        'kpi_deals_won',
        'kpi_won_revenue',
        'kpi_win_rate',
        'kpi_avg_deal_size',
        'kpi_sales_cycle_days',
        'kpi_pipeline_value',
        'kpi_weighted_pipeline_value',
        'kpi_stage_conversion_rate',
        'kpi_sales_velocity',
    ]) }}
{%- endmacro %}
