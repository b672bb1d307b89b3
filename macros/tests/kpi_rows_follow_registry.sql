{#- kpi_rows_follow_registry: every row of a kpi_values-shaped model belongs to a derivable KPI of
    the registry (the seed kpi_definitions, passed as `registry`) and has that KPI's unit, one of
    its grains and dimensions, and a value within its bounds (min_value / max_value; null = no
    bound; a null value is not checked). Returns the offending rows with the rule they break. -#}
{% test kpi_rows_follow_registry(model, registry) %}

with

kpi_rows as (

    select * from {{ model }}

),

kpi_registry as (

    select * from {{ registry }}

),

checked_rows as (

    select
        kpi_rows.kpi_id,
        kpi_rows.grain,
        kpi_rows.period_start,
        kpi_rows.dimension,
        kpi_rows.dimension_value,
        kpi_rows.unit,
        kpi_rows.value,
        case
            when kpi_registry.kpi_id is null then 'kpi_id is not in the registry'
            when not kpi_registry.is_derivable then 'the registry lists the KPI as not derivable'
            when kpi_rows.unit <> kpi_registry.unit then 'unit differs from the registry'
            when not {{ dbt.concat(["', '", 'kpi_registry.grains', "','"]) }}
                like {{ dbt.concat(["'%, '", 'kpi_rows.grain', "',%'"]) }}
                then 'grain is not one of the registry grains'
            when not {{ dbt.concat(["', '", 'kpi_registry.dimensions', "','"]) }}
                like {{ dbt.concat(["'%, '", 'kpi_rows.dimension', "',%'"]) }}
                then 'dimension is not one of the registry dimensions'
            when kpi_rows.value < kpi_registry.min_value then 'value is below the registry min_value'
            when kpi_rows.value > kpi_registry.max_value then 'value is above the registry max_value'
        end as broken_rule
    from kpi_rows
    left join kpi_registry
        on kpi_rows.kpi_id = kpi_registry.kpi_id

),

final as (

    select * from checked_rows
    where broken_rule is not null

)

select * from final

{% endtest %}
