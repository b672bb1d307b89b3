{#- The executive summary: one row per month and per quarter, one column per headline KPI (dbt
    var headline_kpis) with its numerator and denominator, read from the KPIs' `overall` rows at
    that grain (a quarter's value is the KPI computed over the quarter, never an average of its
    months). The periods run from the first one in which any headline KPI has records to the
    as-of period (each KPI's overall series has every period from its first one); a KPI without
    a row for the period (before its first record) is null there. -#}
{%- set headline_kpis = var('headline_kpis') -%}
{%- set headline_kpi_list = "'" ~ (headline_kpis | join("', '")) ~ "'" -%}
with

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

headline_rows as (

    select
        grain,
        period_start,
        kpi_id,
        numerator,
        denominator,
        value
    from kpi_values
    where
        dimension = 'overall'
        and grain in ('month', 'quarter')
        and kpi_id in ({{ headline_kpi_list }})

),

headline_columns as (

    select
        {%- for kpi_id in headline_kpis %}
        max(case when kpi_id = '{{ kpi_id }}' then value end) as {{ kpi_id }},
        max(case when kpi_id = '{{ kpi_id }}' then numerator end) as {{ kpi_id }}_numerator,
        max(case when kpi_id = '{{ kpi_id }}' then denominator end) as {{ kpi_id }}_denominator,
        {%- endfor %}
        grain,
        period_start
    from headline_rows
    group by grain, period_start

),

final as (

    select
        {{ dbt.concat([
            'headline_columns.grain', "':'",
            "cast(headline_columns.period_start as " ~ dbt.type_string() ~ ")"
        ]) }} as summary_period_id,
        headline_columns.grain,
        headline_columns.period_start,
        {{ is_complete_period('headline_columns.grain', 'headline_columns.period_start') }}
            as is_complete_period,
        {%- for kpi_id in headline_kpis %}
        headline_columns.{{ kpi_id }},
        headline_columns.{{ kpi_id }}_numerator,
        headline_columns.{{ kpi_id }}_denominator,
        {%- endfor %}
        cast({{ reporting_currency() }} as {{ dbt.type_string() }}) as currency_code
    from headline_columns

)

select * from final
