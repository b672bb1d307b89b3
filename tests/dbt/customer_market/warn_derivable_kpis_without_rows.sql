{{ config(severity='warn') }}
{#- Derivable KPIs of kpi_catalog without any row in kpi_values. Expected when an optional
    table is absent from the raw data (its KPIs are empty); on the sample every KPI has rows
    (checked by tests/python/test_oracle.py). -#}
with

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

kpi_catalog as (

    select * from {{ ref('kpi_catalog') }}

),

kpi_ids_with_rows as (

    select distinct kpi_id
    from kpi_values

),

derivable_kpis_without_rows as (

    select
        kpi_catalog.kpi_id,
        'is derivable in kpi_catalog but has no rows in kpi_values' as problem
    from kpi_catalog
    left join kpi_ids_with_rows
        on kpi_catalog.kpi_id = kpi_ids_with_rows.kpi_id
    where
        kpi_catalog.is_derivable
        and kpi_ids_with_rows.kpi_id is null

)

select * from derivable_kpis_without_rows
