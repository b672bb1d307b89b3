{#- qualified_leads = sql_count (catalog): the rows of kpi_sql_count under their own kpi_id, so
    the formula lives in one model only. -#}
with

sql_count as (

    select * from {{ ref('kpi_sql_count') }}

),

final as (

    select
        cast('qualified_leads' as {{ dbt.type_string() }}) as kpi_id,
        sql_count.grain,
        sql_count.period_start,
        sql_count.is_complete_period,
        sql_count.dimension,
        sql_count.dimension_value,
        sql_count.dimension_label,
        sql_count.dimension_sort_order,
        sql_count.numerator,
        sql_count.denominator,
        sql_count.value,
        sql_count.unit,
        sql_count.currency_code
    from sql_count

)

select * from final
