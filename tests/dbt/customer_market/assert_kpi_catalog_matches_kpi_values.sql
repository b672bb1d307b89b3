{#- The KPI index and kpi_values agree: every kpi_id with rows in kpi_values is listed in
    kpi_catalog, every derivable kpi_catalog row's model_name is a
    KPI model of the project; the unit, grains and dimensions of kpi_values' rows are the ones
    the catalog lists for the KPI. Returns one row per problem. -#}
{%- set kpi_model_names = [] -%}
{%- if execute -%}
{%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name.startswith('kpi_') -%}
{%- do kpi_model_names.append(node.name) -%}
{%- endfor -%}
{%- endif %}
with

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

kpi_catalog as (

    select * from {{ ref('kpi_catalog') }}

),

project_kpi_models as (

    {%- for model_name in kpi_model_names | sort %}
    select '{{ model_name }}' as model_name
    union all
    {%- endfor %}
    select cast(null as {{ dbt.type_string() }}) as model_name

),

kpi_ids_with_rows as (

    select distinct kpi_id
    from kpi_values

),

kpi_value_shapes as (

    select distinct
        kpi_id,
        unit,
        grain,
        dimension
    from kpi_values

),

unlisted_kpis as (

    select
        kpi_ids_with_rows.kpi_id,
        'has rows in kpi_values but is not in kpi_catalog' as problem
    from kpi_ids_with_rows
    left join kpi_catalog
        on kpi_ids_with_rows.kpi_id = kpi_catalog.kpi_id
    where kpi_catalog.kpi_id is null

),

derivable_kpis_without_model as (

    select
        kpi_catalog.kpi_id,
        'names a model_name that is not a KPI model of the project' as problem
    from kpi_catalog
    left join project_kpi_models
        on kpi_catalog.model_name = project_kpi_models.model_name
    where
        kpi_catalog.is_derivable
        and project_kpi_models.model_name is null

),

kpis_off_their_definition as (

    select distinct
        kpi_value_shapes.kpi_id,
        case
            when kpi_value_shapes.unit <> kpi_catalog.unit
                then {{ dbt.concat([
                    "'has unit '", 'kpi_value_shapes.unit', "' in kpi_values, not '", 'kpi_catalog.unit'
                ]) }}
            when {{ dbt.concat(["', '", 'kpi_catalog.grains', "', '"]) }}
                not like {{ dbt.concat(["'%, '", 'kpi_value_shapes.grain', "', %'"]) }}
                then {{ dbt.concat(["'has grain '", 'kpi_value_shapes.grain', "' not listed in kpi_catalog'"]) }}
            else {{ dbt.concat(["'has dimension '", 'kpi_value_shapes.dimension', "' not listed in kpi_catalog'"]) }}
        end as problem
    from kpi_value_shapes
    inner join kpi_catalog
        on kpi_value_shapes.kpi_id = kpi_catalog.kpi_id
    where
        kpi_value_shapes.unit <> kpi_catalog.unit
        or {{ dbt.concat(["', '", 'kpi_catalog.grains', "', '"]) }}
        not like {{ dbt.concat(["'%, '", 'kpi_value_shapes.grain', "', %'"]) }}
        or {{ dbt.concat(["', '", 'kpi_catalog.dimensions', "', '"]) }}
        not like {{ dbt.concat(["'%, '", 'kpi_value_shapes.dimension', "', %'"]) }}

),

final as (

    select * from unlisted_kpis
    union all
    select * from derivable_kpis_without_model
    union all
    select * from kpis_off_their_definition

)

select * from final
