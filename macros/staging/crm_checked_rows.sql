{#-
  crm_checked_rows: the contract's record rules, applied the same way to every raw table.

  One row per raw row, with the cleaned, typed columns plus
    source_row_number   the row's position in its file (1 = first data row)
    raw_row             the raw values as text, for the quarantine
    quarantine_reason   null for a good row, else every rule it breaks ('; '-separated)
    is_current_version  true for the one version of each key that staging keeps

  It is two steps, which a base model may also take as two models (the big append-only
  tables do: an incremental `base_crm__<table>_typed` model, then `base_crm__<table>`):
    crm_typed_rows        row by row: trim, type, check (`invalid_reason`, `row_hash`);
                          depends on nothing but the row, so rows typed once can be kept
    crm_current_versions  over all typed rows of the table: conflicting versions of a key
                          are quarantined, the latest valid version is the current one

  Arguments
    table           contract table name
    input_relation  the raw rows: source('crm', table), or the CRM adapter's model
                    (ref('<crm>__<table>'), see crm_table_provider), every column as text
                    plus _source_row_number
    columns      list of column specs, each a dict:
                   name     raw column name
                   type     key | text | enum | currency | timestamp | date | boolean
                            | money | amount | number | ratio | integer
                            (money: an amount of money in the record's own currency, an
                            amount no greater than var max_plausible_amount; amount: a
                            non-negative number; both are plain decimals, see parse_numeric)
                   rename   optional output name (default: name)
                   values   allowed values for enum (compared after lower(trim()))
                   required optional: a null value quarantines the row
                   min/max  optional bounds (number, integer)
    primary_key  list of output column names
    version_by   output column ordering versions (updated_at), or none
    checks       optional list of [failing_condition_sql, reason] over output columns
-#}
{% macro crm_checked_rows(table, input_relation, columns, primary_key, version_by=none, checks=[]) %}

with

{{ crm_typed_rows_ctes(input_relation=input_relation, columns=columns, primary_key=primary_key, checks=checks) }},

{{ crm_version_ctes(typed_rows='checked', primary_key=primary_key, version_by=version_by) }},

final as (

    select
        {%- for col in columns %}
        {{ col.get('rename', col.name) }},
        {%- endfor %}
        source_row_number,
        raw_row,
        quarantine_reason,
        is_current_version
    from current_versions

)

select * from final

{% endmacro %}


{#-
  crm_typed_rows: step 1 of crm_checked_rows as a model of its own (primary_key: for the
  missing-key rule): one row per raw row with
  the typed columns, source_row_number, raw_row, invalid_reason (every rule of the row itself it
  breaks, null if none) and row_hash (the cleaned values, to tell identical duplicates from
  conflicting versions). Arguments as crm_checked_rows, plus
    new_rows_only  true in an incremental run (is_incremental()): only the raw rows after the
                   last source_row_number already typed. `salesdw build` keeps a typed table
                   only when the raw table grew by appended rows alone (the earlier rows are
                   identical, at the same positions); otherwise the model is rebuilt in full.
-#}
{% macro crm_typed_rows(input_relation, columns, primary_key, checks=[], new_rows_only=false) %}

with

{{ crm_typed_rows_ctes(input_relation=input_relation, columns=columns, primary_key=primary_key,
                       checks=checks, new_rows_only=new_rows_only) }},

final as (

    select
        {%- for col in columns %}
        {{ col.get('rename', col.name) }},
        {%- endfor %}
        source_row_number,
        raw_row,
        invalid_reason,
        row_hash
    from checked

)

select * from final

{% endmacro %}


{#-
  crm_current_versions: step 2 of crm_checked_rows as a model of its own, over a typed-rows
  model (crm_typed_rows): its columns plus quarantine_reason and is_current_version.
-#}
{% macro crm_current_versions(typed_relation, primary_key, version_by=none) %}

with

typed_rows as (

    select * from {{ typed_relation }}

),

{{ crm_version_ctes(typed_rows='typed_rows', primary_key=primary_key, version_by=version_by) }},

final as (

    select * from current_versions

)

select * from final

{% endmacro %}


{#- The CTEs source, trimmed, typed and checked (row by row; see crm_checked_rows). -#}
{% macro crm_typed_rows_ctes(input_relation, columns, primary_key, checks=[], new_rows_only=false) %}

{%- set reasons = [] -%}
{%- for col in columns -%}
    {%- set out = col.get('rename', col.name) -%}
    {%- set raw = 'raw__' ~ out -%}
    {%- set kind = 'amount' if col.type == 'money' else col.type -%}
    {%- if out in primary_key -%}
        {%- do reasons.append([out ~ ' is null', 'missing primary key: ' ~ out]) -%}
    {%- elif col.get('required') -%}
        {%- do reasons.append([out ~ ' is null and ' ~ raw ~ ' is null', 'missing required value: ' ~ out]) -%}
    {%- endif -%}
    {%- if kind in ('timestamp', 'date', 'boolean', 'amount', 'number', 'ratio', 'integer') -%}
        {%- do reasons.append([raw ~ ' is not null and ' ~ out ~ ' is null', 'unparseable ' ~ kind ~ ': ' ~ out]) -%}
    {%- endif -%}
    {%- if col.type == 'enum' -%}
        {%- do reasons.append([out ~ " not in ('" ~ col['values'] | join("', '") ~ "')", 'value outside allowed set: ' ~ out]) -%}
    {%- endif -%}
    {%- if col.type == 'currency' -%}
        {%- do reasons.append(['not ' ~ regex_matches(out, '^[A-Z]{3}$'), 'not an ISO 4217 currency code: ' ~ out]) -%}
    {%- endif -%}
    {%- if kind == 'amount' -%}
        {%- do reasons.append([out ~ ' < 0', 'negative amount: ' ~ out]) -%}
    {%- endif -%}
    {%- if col.type == 'money' -%}
        {%- set bound = max_plausible_amount() -%}
        {%- do reasons.append([out ~ " > cast('" ~ bound ~ "' as " ~ type_double() ~ ")",
                               'amount above the plausibility bound ' ~ bound
                               ~ ' (var max_plausible_amount): ' ~ out]) -%}
    {%- endif -%}
    {%- if col.type == 'ratio' -%}
        {%- do reasons.append([out ~ ' < 0 or ' ~ out ~ ' > 1', 'value outside 0..1: ' ~ out]) -%}
    {%- endif -%}
    {%- if col.get('min') is not none and col.get('max') is not none -%}
        {%- do reasons.append([out ~ ' < ' ~ col.min ~ ' or ' ~ out ~ ' > ' ~ col.max,
                               'value outside ' ~ col.min ~ '..' ~ col.max ~ ': ' ~ out]) -%}
    {%- endif -%}
{%- endfor -%}
{%- for check in checks -%}
    {%- do reasons.append(check) -%}
{%- endfor -%}

source as (

    select * from {{ input_relation }}
    {%- if new_rows_only %}
    where
        cast(_source_row_number as {{ dbt.type_int() }})
        > (select coalesce(max(source_row_number), 0) from {{ this }})
    {%- endif %}

),

trimmed as (

    select
        cast(_source_row_number as {{ dbt.type_int() }}) as source_row_number,
        {%- for col in columns %}
        case
            when trim({{ col.name }}) <> '' then trim({{ col.name }})
        end as raw__{{ col.get('rename', col.name) }}{{ ',' if not loop.last }}
        {%- endfor %}
    from source

),

typed as (

    select
        source_row_number,
        {%- for col in columns %}
        {%- set raw = 'raw__' ~ col.get('rename', col.name) %}
        raw__{{ col.get('rename', col.name) }},
        {%- if col.type in ('key', 'text') %}
        {{ raw }} as {{ col.get('rename', col.name) }},
        {%- elif col.type == 'enum' %}
        lower({{ raw }}) as {{ col.get('rename', col.name) }},
        {%- elif col.type == 'currency' %}
        upper({{ raw }}) as {{ col.get('rename', col.name) }},
        {%- elif col.type == 'timestamp' %}
        {{ parse_timestamp_utc(raw) }} as {{ col.get('rename', col.name) }},
        {%- elif col.type == 'date' %}
        {{ parse_date(raw) }} as {{ col.get('rename', col.name) }},
        {%- elif col.type == 'boolean' %}
        {{ parse_boolean(raw) }} as {{ col.get('rename', col.name) }},
        {%- elif col.type == 'integer' %}
        {{ parse_integer(raw) }} as {{ col.get('rename', col.name) }},
        {%- else %}
        {{ parse_numeric(raw) }} as {{ col.get('rename', col.name) }},
        {%- endif %}
        {%- endfor %}
        {{ dbt.concat(crm_raw_row_parts(columns)) }} as raw_row
    from trimmed

),

checked as (

    select
        *,
        {{ crm_join_reasons(reasons) }} as invalid_reason,
        {{ dbt.hash(dbt.concat(crm_value_parts(columns))) }} as row_hash
    from typed

)

{% endmacro %}


{#- The CTEs versions and current_versions over the CTE typed_rows (see crm_checked_rows):
    current_versions has typed_rows' columns plus quarantine_reason and is_current_version. -#}
{% macro crm_version_ctes(typed_rows, primary_key, version_by=none) %}

versions as (

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

),

current_versions as (

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
    from versions

)

{% endmacro %}


{#- 'col=value' pieces of the raw row, ' | '-separated; a null raw value shows as empty. -#}
{% macro crm_raw_row_parts(columns) -%}
    {%- set parts = [] -%}
    {%- for col in columns -%}
        {%- if not loop.first -%}{%- do parts.append("' | '") -%}{%- endif -%}
        {%- do parts.append("'" ~ col.name ~ "='") -%}
        {%- do parts.append("coalesce(raw__" ~ col.get('rename', col.name) ~ ", '')") -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}

{#- The cleaned values as text, for telling identical duplicates from conflicting ones. -#}
{% macro crm_value_parts(columns) -%}
    {%- set parts = [] -%}
    {%- for col in columns -%}
        {%- if not loop.first -%}{%- do parts.append("'|'") -%}{%- endif -%}
        {%- do parts.append("coalesce(cast(" ~ col.get('rename', col.name) ~ " as " ~ dbt.type_string() ~ "), '~')") -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}

{#- The largest amount of money a record may hold, in its own currency (var max_plausible_amount,
    env CRM_MAX_AMOUNT, default 1e12): a greater one is quarantined as implausible. -#}
{% macro max_plausible_amount() -%}
    {%- set value = (var('max_plausible_amount', '1e12') | string).strip() -%}
    {%- if not modules.re.match('^[0-9]+([.][0-9]+)?([eE][+]?[0-9]+)?$', value) -%}
        {{ exceptions.raise_compiler_error(
            "var max_plausible_amount (env CRM_MAX_AMOUNT) must be a positive number such as "
            ~ "1e12 or 5000000000, not '" ~ value ~ "'") }}
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
    by appended rows alone since the published build whose typed rows it carried over (var
    reuse_typed_rows lists those tables). Every other run (dbt by hand, make check, Postgres,
    Spark) retypes every row. -#}
{% macro reuse_typed_rows(table) -%}
    {{ return(is_incremental() and table in var('reuse_typed_rows', [])) }}
{%- endmacro %}

{#- Pre-hook of the incremental typed-rows models: an existing table that may not be reused is
    emptied first, so that the run types every raw row again (never appends to stale rows). -#}
{% macro reset_typed_rows(table) -%}
    {%- if is_incremental() and not reuse_typed_rows(table=table) -%}
    delete from {{ this }}
    {%- endif -%}
{%- endmacro %}
