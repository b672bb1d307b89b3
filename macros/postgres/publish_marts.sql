{#- Atomic marts on Postgres (see generate_schema_name): dbt builds and tests every model of
    schema `marts` in the side schema <marts><marts_build_suffix>; these hooks record on that
    schema (its comment) whether it holds a complete build whose tests all passed, and
    `salesdw pg publish` swaps it in only then. A build killed mid-way never reaches on-run-end,
    so its side schema stays 'salesdw:unfinished' and is never published. -#}

{% macro marts_building_schema() -%}
    {{ return(layer_schema_name('marts') ~ marts_build_suffix()) }}
{%- endmacro %}

{#- True when this invocation rebuilds every mart and every node that reads one, directly or
    not (an intermediate view on a mart, the marts and tests downstream of it), so that the side
    schema is made of this build only. -#}
{% macro selects_every_mart() -%}
    {%- set building = marts_building_schema() -%}
    {%- set needed = {} -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.schema == building -%}
        {%- do needed.update({node.unique_id: true}) -%}
    {%- endfor -%}
    {%- if not needed -%}
        {{ return(false) }}
    {%- endif -%}
    {#- the downstream closure: a few passes reach every descendant (chains are short) -#}
    {%- for _ in range(8) -%}
        {%- for node in graph.nodes.values() if node.unique_id not in needed -%}
            {%- if node.depends_on.nodes | select('in', needed) | list -%}
                {%- do needed.update({node.unique_id: true}) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set selected = {} -%}
    {%- for unique_id in selected_resources -%}
        {%- do selected.update({unique_id: true}) -%}
    {%- endfor -%}
    {{ return(needed.keys() | reject('in', selected) | list | length == 0) }}
{%- endmacro %}

{% macro marts_build_state(state) -%}
    comment on schema {{ marts_building_schema() }} is '{{ state }} invocation {{ invocation_id }} started {{ run_started_at.isoformat() }}'
{%- endmacro %}

{#- on-run-start: a complete build starts from an empty side schema (no table of a removed
    model, no half-built leftover of a killed build survives into a publish). -#}
{% macro start_marts_build() -%}
    {%- if not execute or marts_build_suffix() == '' or flags.WHICH not in ('build', 'run') -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set side = api.Relation.create(database=target.database, schema=marts_building_schema()) -%}
    {%- if selects_every_mart() -%}
        {%- do adapter.drop_schema(side) -%}
    {%- endif -%}
    {%- do adapter.create_schema(side) -%}
    {{ return(marts_build_state('salesdw:unfinished')) }}
{%- endmacro %}

{#- on-run-end: 'salesdw:complete' only for a `dbt build` of every mart and every data test on
    them, where every model and test succeeded (warn-level tests may warn). -#}
{% macro finish_marts_build(results) -%}
    {%- if not execute or marts_build_suffix() == '' or flags.WHICH not in ('build', 'run') -%}
        {{ return('select 1') }}
    {%- endif -%}
    {#- An exposure (a dashboard) has nothing to run: dbt reports it as `no-op`. -#}
    {%- set failed = [] -%}
    {%- for result in results
            if result.status not in ['success', 'pass', 'warn']
            and not (result.status == 'no-op' and result.node.resource_type in ['exposure', 'saved_query']) -%}
        {%- do failed.append(result) -%}
    {%- endfor -%}
    {%- if failed -%}
        {%- set state = 'salesdw:failed (' ~ failed | length ~ ' nodes failed or skipped)' -%}
    {%- elif flags.WHICH != 'build' -%}
        {%- set state = 'salesdw:untested (dbt ' ~ flags.WHICH ~ ', not dbt build)' -%}
    {%- elif not selects_every_mart() -%}
        {%- set state = 'salesdw:partial (not every mart and test selected)' -%}
    {%- else -%}
        {%- set state = 'salesdw:complete' -%}
    {%- endif -%}
    {{ return(marts_build_state(state)) }}
{%- endmacro %}

{#- on-run-end: the BI roles may use the marts schema (its tables are granted by the `grants`
    config). Only when it exists: a partial run (`dbt seed` on a fresh database) has no marts
    yet, and on Postgres `salesdw pg publish` grants it on the schema it swaps in. -#}
{% macro grant_bi_marts_usage() -%}
    {{ return(adapter.dispatch('grant_bi_marts_usage', 'sales_warehouse')()) }}
{%- endmacro %}

{% macro default__grant_bi_marts_usage() -%}
    select 1
{%- endmacro %}

{% macro postgres__grant_bi_marts_usage() -%}
    {%- set roles = env_var('BI_READER_ROLES', 'bi_reader') | trim -%}
    {%- set schema = layer_schema_name('marts') -%}
    {%- if roles and execute and run_query(
            "select 1 from pg_namespace where nspname = '" ~ schema ~ "'").rows | length > 0 %}
    grant usage on schema {{ schema }} to {{ roles }}
    {%- else %}
    select 1
    {%- endif %}
{%- endmacro %}
