{#- The one row of raw._load_info, typed. The source is read only when it exists: raw tables
    landed by another tool than salesdw load have none, and then this model is empty. -#}
{%- set load_info = source('crm', '_load_info') -%}
{%- set exists = execute and adapter.get_relation(
    database=load_info.database, schema=load_info.schema, identifier=load_info.identifier) is not none -%}
with

{% if exists -%}
load_info as (

    select * from {{ load_info }}

),
{%- else -%}
load_info as (

    select
        cast(null as {{ dbt.type_string() }}) as raw_dir,
        cast(null as {{ dbt.type_string() }}) as input_fingerprint,
        cast(null as {{ dbt.type_string() }}) as as_of_date,
        cast(null as {{ dbt.type_string() }}) as loaded_at,
        cast(null as {{ dbt.type_string() }}) as crm_source
    where 1 = 0

),
{%- endif %}

final as (

    select
        raw_dir,
        input_fingerprint,
        {{ parse_date('as_of_date') }} as loaded_as_of_date,
        {{ parse_timestamp_utc('loaded_at') }} as loaded_at,
        crm_source
    from load_info

)

select * from final
