{#- One row: which build this warehouse is - its id, input, as-of day and settings (the build id
    and version are run settings, read when dbt runs: a new build id re-parses nothing). dbt writes
    what it knows when the model runs (status 'built'); `salesdw build` fills in the end time
    and node counts and sets status 'published' when every test passed and the files were
    published. Grain: one row. -#}
{%- set build_id = run_setting(name='build_id', env='SALESDW_BUILD_ID', default=invocation_id) -%}
{%- set project_version = run_setting(name='project_version', env='SALESDW_VERSION', default='unknown') -%}
with

load_info as (

    select * from {{ ref('stg_crm__load_info') }}

),

settings as (

    select
        cast('{{ build_id }}' as {{ dbt.type_string() }}) as build_id,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as dbt_invocation_id,
        {{ as_of_date() }} as as_of_date,
        cast({{ reporting_currency() }} as {{ dbt.type_string() }}) as reporting_currency,
        cast({{ fx_base_currency() }} as {{ dbt.type_string() }}) as fx_base_currency,
        cast('{{ mrr_snapshot() }}' as {{ dbt.type_string() }}) as mrr_snapshot,
        cast('{{ target.type }}' as {{ dbt.type_string() }}) as engine,
        cast('{{ dbt_version }}' as {{ dbt.type_string() }}) as dbt_version,
        cast('{{ project_version }}' as {{ dbt.type_string() }}) as project_version,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
            as started_at

),

final as (

    select
        settings.build_id,
        settings.dbt_invocation_id,
        load_info.raw_dir as input_dir,
        load_info.input_fingerprint,
        load_info.loaded_at,
        settings.as_of_date,
        settings.reporting_currency,
        settings.fx_base_currency,
        settings.mrr_snapshot,
        settings.engine,
        settings.dbt_version,
        settings.project_version,
        settings.started_at,
        cast(null as {{ dbt.type_timestamp() }}) as finished_at,
        cast(null as {{ dbt.type_int() }}) as model_count,
        cast(null as {{ dbt.type_int() }}) as test_count,
        cast('built' as {{ dbt.type_string() }}) as status
    from settings
    left join load_info
        on 1 = 1

)

select * from final
