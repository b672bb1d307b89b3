{#-
  The contract's record rules, as steps a base model (models/staging/crm/base/) takes in its own
  CTEs:

    raw_rows          select * from the source (or the CRM adapter's model)     -- the model
    typed_rows        crm_typed_rows: trim every column, type it by the contract
    checked_rows      the typed rows plus crm_invalid_reason (every rule of the row itself it
                      breaks: the column rules of the contract and the table's own `checks`)
                      and crm_row_hash (its cleaned values)                      -- the model
    rows_to_version   crm_rows_to_version (the five big tables, incremental): the rows whose
                      versions this run computes
    current_versions  crm_current_versions: conflicting versions of a key are quarantined, the
                      latest valid version is the current one

  What each table's columns are (type, rename, allowed values, required, bounds), its primary
  key and the column that orders its versions are written once, in the contract
  (models/staging/crm/_crm__sources.yml: `meta` of each table and column), which the loader
  (salesdw/contract.py) reads too; crm_contract reads them through crm_contract_tables, a macro
  generated from that file (`make generated-files`; a test fails while it is stale).

  Column types (meta.type):
    key | text              trimmed text
    enum                    lower(trimmed); outside meta.values: quarantined
    currency                upper(trimmed); not three letters A-Z: quarantined
    timestamp | date | boolean | integer | number | amount | ratio | money
                            parsed (macros/parsing/); a present value that does not parse is
                            quarantined. amount and money: not negative; money: an amount of
                            money in the record's own currency, at most var max_plausible_amount;
                            ratio: within 0..1; meta.min / meta.max: within those bounds.
  meta.required: a null value quarantines the row; a primary-key column always is required.
-#}

{#- The contract of `table`: {'columns': [{name, type, rename, values, required, min, max}],
    'primary_key': [output column names], 'version_by': output column name or none}, from
    crm_contract_tables (generated from the contract's `meta` by salesdw/contract_macro.py). -#}
{% macro crm_contract(table) -%}
    {%- set tables = crm_contract_tables() -%}
    {%- if table not in tables -%}
        {{ exceptions.raise_compiler_error(
            "crm_contract: no table `" ~ table ~ "` in the contract (models/staging/crm/_crm__sources.yml)") }}
    {%- endif -%}
    {%- set spec = tables[table] -%}
    {%- set renamed = {} -%}
    {%- for column in spec.columns -%}
        {%- do renamed.update({column.name: column.rename}) -%}
    {%- endfor -%}
    {%- set primary_key = [] -%}
    {%- for key in spec.primary_key -%}
        {%- do primary_key.append(renamed.get(key, key)) -%}
    {%- endfor -%}
    {{ return({
        'columns': spec.columns,
        'primary_key': primary_key,
        'version_by': renamed.get(spec.version_by, spec.version_by) if spec.version_by else none
    }) }}
{%- endmacro %}


{#- The output column names of `table`, comma-separated (renamed where the contract says). -#}
{% macro crm_output_columns(table) -%}
    {%- for column in crm_contract(table=table).columns -%}
        {{ column.rename }}{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}


{#- Step typed_rows: one row per raw row of the CTE `raw_rows` with source_row_number and every
    column trimmed (raw__<column>: null when empty) and typed (<column>). The raw values as text
    (raw_row) are not kept: the quarantine reads them for the rows it holds (crm_raw_row). -#}
{% macro crm_typed_rows(raw_rows, table) -%}
    {%- set columns = crm_contract(table=table).columns -%}
    select
        source_row_number,
        {%- for column in columns %}
        {%- set raw = 'raw__' ~ column.rename %}
        {{ raw }},
        {%- if column.type in ('key', 'text') %}
        {{ raw }} as {{ column.rename }}{{ ',' if not loop.last }}
        {%- elif column.type == 'enum' %}
        lower({{ raw }}) as {{ column.rename }}{{ ',' if not loop.last }}
        {%- elif column.type == 'currency' %}
        upper({{ raw }}) as {{ column.rename }}{{ ',' if not loop.last }}
        {%- elif column.type == 'timestamp' %}
        {{ parse_timestamp_utc(raw) }} as {{ column.rename }}{{ ',' if not loop.last }}
        {%- elif column.type == 'date' %}
        {{ parse_date(raw) }} as {{ column.rename }}{{ ',' if not loop.last }}
        {%- elif column.type == 'boolean' %}
        {{ parse_boolean(raw) }} as {{ column.rename }}{{ ',' if not loop.last }}
        {%- elif column.type == 'integer' %}
        {{ parse_integer(raw) }} as {{ column.rename }}{{ ',' if not loop.last }}
        {%- else %}
        {{ parse_numeric(raw) }} as {{ column.rename }}{{ ',' if not loop.last }}
        {%- endif %}
        {%- endfor %}
    from (
        select
            cast(_source_row_number as {{ dbt.type_int() }}) as source_row_number
            {%- for column in columns %},
            case
                when trim({{ column.name }}) <> '' then trim({{ column.name }})
            end as raw__{{ column.rename }}
            {%- endfor %}
        from {{ raw_rows }}
    ) as trimmed_rows
{%- endmacro %}


{#- Every rule of the row itself it breaks, '; '-separated (null when none), over the typed
    rows: the contract's column rules and the table's own `checks`, a list of
    [failing_condition_sql, reason] over the output columns. -#}
{% macro crm_invalid_reason(table, checks=[]) -%}
    {%- set contract = crm_contract(table=table) -%}
    {%- set reasons = [] -%}
    {%- for column in contract.columns -%}
        {%- set out = column.rename -%}
        {%- set raw = 'raw__' ~ out -%}
        {%- set kind = 'amount' if column.type == 'money' else column.type -%}
        {%- if out in contract.primary_key -%}
            {%- do reasons.append([out ~ ' is null', 'missing primary key: ' ~ out]) -%}
        {%- elif column.required -%}
            {%- do reasons.append([out ~ ' is null and ' ~ raw ~ ' is null', 'missing required value: ' ~ out]) -%}
        {%- endif -%}
        {%- if kind in ('timestamp', 'date', 'boolean', 'amount', 'number', 'ratio', 'integer') -%}
            {%- do reasons.append([raw ~ ' is not null and ' ~ out ~ ' is null', 'unparseable ' ~ kind ~ ': ' ~ out]) -%}
        {%- endif -%}
        {%- if column.type == 'enum' -%}
            {%- do reasons.append([out ~ " not in ('" ~ column['values'] | join("', '") ~ "')",
                                   'value outside allowed set: ' ~ out]) -%}
        {%- endif -%}
        {%- if column.type == 'currency' -%}
            {%- do reasons.append(['not ' ~ regex_matches(out, '^[A-Z]{3}$'), 'not an ISO 4217 currency code: ' ~ out]) -%}
        {%- endif -%}
        {%- if kind == 'amount' -%}
            {%- do reasons.append([out ~ ' < 0', 'negative amount: ' ~ out]) -%}
        {%- endif -%}
        {%- if column.type == 'money' -%}
            {%- set bound = max_plausible_amount() -%}
            {%- do reasons.append([out ~ " > cast('" ~ bound ~ "' as " ~ type_double() ~ ")",
                                   'amount above the plausibility bound ' ~ bound
                                   ~ ' (var max_plausible_amount): ' ~ out]) -%}
        {%- endif -%}
        {%- if column.type == 'ratio' -%}
            {%- do reasons.append([out ~ ' < 0 or ' ~ out ~ ' > 1', 'value outside 0..1: ' ~ out]) -%}
        {%- endif -%}
        {%- if column['min'] is not none and column['max'] is not none -%}
            {%- do reasons.append([out ~ ' < ' ~ column['min'] ~ ' or ' ~ out ~ ' > ' ~ column['max'],
                                   'value outside ' ~ column['min'] ~ '..' ~ column['max'] ~ ': ' ~ out]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for check in checks -%}
        {%- do reasons.append(check) -%}
    {%- endfor -%}
    {{ crm_join_reasons(reasons) }}
{%- endmacro %}


{#- The cleaned values as one hash, for telling identical duplicates from conflicting ones. -#}
{% macro crm_row_hash(table) -%}
    {{ dbt.hash(dbt.concat(crm_value_parts(crm_contract(table=table).columns))) }}
{%- endmacro %}


{#- Step current_versions, over the checked rows of the CTE (or relation) `typed_rows` (with
    invalid_reason and row_hash): their columns plus quarantine_reason (invalid_reason, or the
    conflict of two versions of a key with the same version value and different values) and
    is_current_version (the latest valid version of each key: greatest version_by, nulls last,
    then the first in the file). -#}
{% macro crm_current_versions(typed_rows, table) -%}
    {%- set contract = crm_contract(table=table) -%}
    {%- set primary_key = contract.primary_key -%}
    {%- set version_by = contract.version_by -%}
    select
        *,
        coalesce(
            quarantine_reason is null
            and row_number() over (
                partition by {{ primary_key | join(', ') }}, quarantine_reason
                order by
                    {%- if version_by %}
                    case when {{ version_by }} is null then 1 else 0 end,
                    {{ version_by }} desc,
                    {%- endif %}
                    source_row_number
            ) = 1,
            false
        ) as is_current_version
    from (
        select
            *,
            case
                when invalid_reason is null
                    and min(row_hash) over (
                        partition by {{ primary_key | join(', ') }}, {{ version_by or "'none'" }},
                        invalid_reason
                    )
                    <> max(row_hash) over (
                        partition by {{ primary_key | join(', ') }}, {{ version_by or "'none'" }},
                        invalid_reason
                    )
                    then 'conflicting versions with the same key{{ " and " ~ version_by if version_by }}'
                else invalid_reason
            end as quarantine_reason
        from {{ typed_rows }}
    ) as versions
{%- endmacro %}


{#- The config of a big table's base model (base_crm__<table>), whose typed rows and versions are
    incremental: incremental by primary key, so that a build that typed only the appended raw
    rows replaces just the keys they carry (crm_rows_to_version): delete+insert on DuckDB; append
    on Spark (never incremental: Postgres and Spark replace the table at every run,
    dbt_project.yml's full_refresh). Emptied first when it may not be reused (reset_typed_rows). -#}
{% macro crm_versions_config(table) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append' if target.type == 'spark' else 'delete+insert',
        'unique_key': crm_contract(table=table).primary_key,
        'pre_hook': "{{ reset_typed_rows(table='" ~ table ~ "') }}",
    }) }}
{%- endmacro %}


{#- Step raw_rows of a big table's base model: the raw rows of `table` this run types, read from
    `raw_relation` (the source, or the CRM adapter's model, which the model passes in). When the
    run may reuse the typed rows (reuse_typed_rows), only the rows appended after the last one
    already typed in `versions`, the model's own table (by source row number); every other run:
    every raw row. -#}
{% macro crm_appended_raw_rows(raw_relation, table, versions) -%}
    select * from {{ raw_relation }}
    {%- if reuse_typed_rows(table=table) %}
    where
        cast(_source_row_number as {{ dbt.type_int() }})
        > (select coalesce(max(source_row_number), 0) from {{ versions }})
    {%- endif -%}
{%- endmacro %}


{#- Step rows_to_version, over the CTE `checked_rows` (the raw rows this run typed and checked):
    the rows whose versions this run computes, for crm_current_versions, with the columns of the
    checked rows the model keeps. A key's versions depend on its own rows alone. So when only the
    appended raw rows were typed (reuse_typed_rows), and `versions`, the model's own table, holds
    every earlier row with its versions: the appended rows and every earlier row of their keys,
    read from `versions`. The model's delete+insert on the primary key then replaces those keys'
    rows; every other key's rows stay as they are. An appended row without a whole key breaks a
    rule of its own (it is never current) and is added; the earlier rows without one stay. Every
    other run: every checked row. -#}
{% macro crm_rows_to_version(checked_rows, table, versions) -%}
    {%- set primary_key = crm_contract(table=table).primary_key -%}
    {%- set columns = [] -%}
    {%- for column in crm_contract(table=table).columns -%}
        {%- do columns.append(column.rename) -%}
    {%- endfor -%}
    {%- do columns.extend(['source_row_number', 'invalid_reason', 'row_hash']) -%}
    select
        {%- for column in columns %}
        {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ checked_rows }}
    {%- if reuse_typed_rows(table=table) %}
    union all
    select
        {%- for column in columns %}
        earlier_rows.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ versions }} as earlier_rows
    inner join (
        select distinct {{ primary_key | join(', ') }}
        from {{ checked_rows }}
    ) as appended_keys
        on
        {%- for column in primary_key %}
        {{ 'and ' if not loop.first }}earlier_rows.{{ column }} = appended_keys.{{ column }}
        {%- endfor %}
    {%- endif -%}
{%- endmacro %}


{#- The raw values of a row of `table` as text, for the quarantine: `column=value` pieces in the
    contract's column order, ' | '-separated, each value trimmed (an empty or null one shows as
    nothing). `raw_rows`: the alias of the raw relation (the source, or the CRM adapter's model)
    the columns are read from. -#}
{% macro crm_raw_row(table, raw_rows) -%}
    {%- set parts = [] -%}
    {%- for col in crm_contract(table=table).columns -%}
        {%- if not loop.first -%}{%- do parts.append("' | '") -%}{%- endif -%}
        {%- do parts.append("'" ~ col.name ~ "='") -%}
        {%- do parts.append("coalesce(trim(" ~ raw_rows ~ "." ~ col.name ~ "), '')") -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}

{#- The cleaned values as text, for telling identical duplicates from conflicting ones. -#}
{% macro crm_value_parts(columns) -%}
    {%- set parts = [] -%}
    {%- for col in columns -%}
        {%- if not loop.first -%}{%- do parts.append("'|'") -%}{%- endif -%}
        {%- do parts.append("coalesce(cast(" ~ col.rename ~ " as " ~ dbt.type_string() ~ "), '~')") -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}

{#- The largest amount of money a record may hold, in its own currency (var max_plausible_amount,
    env CRM_MAX_AMOUNT, default 1e12): a greater one is quarantined as implausible. -#}
{% macro max_plausible_amount() -%}
    {%- set value = (run_setting(name='max_plausible_amount', env='CRM_MAX_AMOUNT', default='1e12') | string).strip() -%}
    {%- if not modules.re.match('^[0-9]+([.][0-9]+)?([eE][+]?[0-9]+)?$', value) or value | float <= 0 -%}
        {{ exceptions.raise_compiler_error(
            "CRM_MAX_AMOUNT='" ~ value ~ "' (var max_plausible_amount): the largest plausible "
            ~ "amount must be a number greater than 0, such as 1e12 or 5000000000 (greater amounts "
            ~ "are quarantined). Set one, or unset it for 1e12.") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#- Every failing rule's reason, '; '-separated; null when none fails. -#}
{% macro crm_join_reasons(reasons) -%}
    {%- if reasons | length == 0 -%}
    cast(null as {{ dbt.type_string() }})
    {%- else -%}
    nullif(
        trim(leading '; ' from {{ dbt.concat(crm_reason_parts(reasons)) }}),
        ''
    )
    {%- endif -%}
{%- endmacro %}

{% macro crm_reason_parts(reasons) -%}
    {%- set parts = [] -%}
    {%- for reason in reasons -%}
        {%- do parts.append("case when " ~ reason[0] ~ " then '; " ~ reason[1] ~ "' else '' end") -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}

{#- The primary key of a row as one text value ('|'-separated; '' for a null part). -#}
{% macro crm_key_parts(primary_key) -%}
    {%- set parts = [] -%}
    {%- for column in primary_key -%}
        {%- if not loop.first -%}{%- do parts.append("'|'") -%}{%- endif -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}


{#- reuse_typed_rows: true when this run may type only the appended raw rows of `table`: the
    model's table exists (is_incremental()) and `salesdw build` checked that the raw table grew
    by appended rows alone since the published build whose typed rows and versions it carried
    over (the env var SALESDW_REUSE_TYPED_ROWS lists those tables, comma-separated). Every other
    run (dbt by hand, make check, Postgres, Spark) retypes every row. An env var read only when
    the models run, not a dbt var: a var that changes from build to build would make dbt parse
    the whole project again each time (its partial parsing checks the vars). -#}
{% macro reuse_typed_rows(table) -%}
    {{ return(is_incremental() and table in env_var('SALESDW_REUSE_TYPED_ROWS', '').split(',')) }}
{%- endmacro %}

{#- Pre-hook of the incremental base models (typed rows and their versions): an existing table
    that may not be reused is emptied first, so that the run types and versions every raw row
    again (never appends to stale rows). -#}
{% macro reset_typed_rows(table) -%}
    {%- if is_incremental() and not reuse_typed_rows(table=table) -%}
    delete from {{ this }}
    {%- endif -%}
{%- endmacro %}
