{#- kpi_catalog: the KPI index for BI tools, one row per kpi_id of the KPI registry (core and
    further KPIs, and the KPIs that cannot be derived from CRM data, marked is_derivable = false
    with the data they would need). Read from the seed kpi_definitions. -#}
with

kpi_definitions as (

    select * from {{ ref('kpi_definitions') }}

),

final as (

    select
        cast(kpi_definitions.kpi_id as {{ dbt.type_string() }}) as kpi_id,
        cast(kpi_definitions.kpi_name as {{ dbt.type_string() }}) as kpi_name,
        cast(kpi_definitions.family as {{ dbt.type_string() }}) as family,  -- noqa: RF04
        cast(kpi_definitions.description as {{ dbt.type_string() }}) as description,
        cast(kpi_definitions.unit as {{ dbt.type_string() }}) as unit,
        cast(kpi_definitions.grains as {{ dbt.type_string() }}) as grains,
        cast(kpi_definitions.dimensions as {{ dbt.type_string() }}) as dimensions,
        cast(kpi_definitions.source_articles as {{ dbt.type_string() }}) as source_articles,
        cast(kpi_definitions.is_derivable as {{ dbt.type_boolean() }}) as is_derivable,
        cast(kpi_definitions.data_needed as {{ dbt.type_string() }}) as data_needed,
        cast(kpi_definitions.model_name as {{ dbt.type_string() }}) as model_name
    from kpi_definitions

)

select * from final
