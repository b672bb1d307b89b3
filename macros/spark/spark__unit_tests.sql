{#- dbt unit tests on Spark. dbt's `unit` materialization learns the model's column types by
    writing an empty table from the model's SQL, describing it and dropping it: on a session
    catalog that is a Spark job, a parquet folder and three Derby metastore transactions for
    each of the project's unit tests. Spark's `describe query` returns the same names and types
    from the query plan alone, without writing anything. The rest is dbt-core's `unit`
    materialization as it is (the expected rows, the comparison query and its result): the
    unit tests run and fail as on every other engine. -#}
{%- materialization unit, adapter='spark' -%}

  {% set relations = [] %}
  {% set sql_header = config.get('sql_header') if flags.REQUIRE_SQL_HEADER_IN_TEST_CONFIGS else none %}

  {% set expected_rows = config.get('expected_rows') %}
  {% set expected_sql = config.get('expected_sql') %}
  {% set tested_expected_column_names = expected_rows[0].keys() if (expected_rows | length ) > 0 else get_columns_in_query(sql) %}

  {%- set columns_in_query = spark_columns_of_query(sql=sql) -%}
  {%- set column_name_to_data_types = {} -%}
  {%- set column_name_to_quoted = {} -%}
  {%- for column in columns_in_query -%}
  {%-   do column_name_to_data_types.update({column.name | lower: column.data_type}) -%}
  {%-   do column_name_to_quoted.update({column.name | lower: column.quoted}) -%}
  {%- endfor -%}

  {%- set expected_column_names_quoted = [] -%}
  {%- for column_name in tested_expected_column_names -%}
  {%-   do expected_column_names_quoted.append(column_name_to_quoted[column_name | lower]) -%}
  {%- endfor -%}

  {% if not expected_sql %}
  {%   set expected_sql = get_expected_sql(expected_rows, column_name_to_data_types, column_name_to_quoted) %}
  {% endif %}
  {% set unit_test_sql = get_unit_test_sql(sql, expected_sql, expected_column_names_quoted) %}

  {% call statement('main', fetch_result=True) -%}

    {% if sql_header %}{{ sql_header }}{% endif %}
    {{ unit_test_sql }}

  {%- endcall %}

  {{ return({'relations': relations}) }}

{%- endmaterialization -%}

{#- The columns of a query, as the adapter's Column objects, from Spark's plan of it
    (`describe query`: one row per column, name and Spark type). -#}
{% macro spark_columns_of_query(sql) %}
  {%- set described = run_query('describe query ' ~ get_empty_subquery_sql(sql)) -%}
  {%- set columns = [] -%}
  {%- for row in described.rows -%}
  {%-   do columns.append(api.Column.create(row[0], row[1])) -%}
  {%- endfor -%}
  {{ return(columns) }}
{% endmacro %}

{#- A unit test's fixture and expected rows on Spark: one `values` table with a cast in every
    cell, instead of dbt's `union all` of one-row selects (Spark analyses and optimises each
    branch of the union, which made the fixtures most of a unit test's time). Same rows, same
    column types (dbt's `format_row` writes every cell, columns a row leaves out are null), and
    dbt's own macros on every other engine. -#}
{% macro get_fixture_sql(rows, column_name_to_data_types) %}
    {%- if target.type != 'spark' or (rows | length) == 0 -%}
        {{ return(dbt.get_fixture_sql(rows, column_name_to_data_types)) }}
    {%- endif -%}
    {%- set column_types = {} -%}
    {%- if column_name_to_data_types -%}
        {%- do column_types.update(column_name_to_data_types) -%}
    {%- else -%}
        {%- set this_or_defer_relation = defer_relation if (defer_relation and not load_relation(this)) else this -%}
        {%- for column in adapter.get_columns_in_relation(this_or_defer_relation) -%}
            {%- do column_types.update({column.name | lower: column.data_type}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if not column_types -%}
        {{ exceptions.raise_compiler_error("Not able to get columns for unit test '" ~ model.name ~ "' from relation " ~ this ~ " because the relation doesn't exist") }}
    {%- endif -%}
    {%- set names = column_types.keys() | list -%}
    {{ return(spark_values_sql(rows=rows, names=names, column_types=column_types, alias='dbt_fixture')) }}
{% endmacro %}

{% macro get_expected_sql(rows, column_name_to_data_types, column_name_to_quoted) %}
    {%- if target.type != 'spark' or (rows | length) == 0 -%}
        {{ return(dbt.get_expected_sql(rows, column_name_to_data_types, column_name_to_quoted)) }}
    {%- endif -%}
    {%- set names = format_row(rows[0], column_name_to_data_types).keys() | list -%}
    {{ return(spark_values_sql(rows=rows, names=names, column_types=column_name_to_data_types, alias='dbt_expected')) }}
{% endmacro %}

{#- `select <names> from values (<row>), ... as <alias>(<names>)`: each cell cast by dbt's
    `format_row`, a column the row leaves out a typed null. -#}
{% macro spark_values_sql(rows, names, column_types, alias) %}
    {%- set quoted = [] -%}
    {%- for name in names -%}
        {%- do quoted.append(adapter.quote(name)) -%}
    {%- endfor -%}
    {%- set values_rows = [] -%}
    {%- for row in rows -%}
        {%- set formatted = format_row(row, column_types) -%}
        {%- set cells = [] -%}
        {%- for name in names -%}
            {%- do cells.append(formatted[name] if name in formatted else safe_cast('null', column_types[name]) | trim) -%}
        {%- endfor -%}
        {%- do values_rows.append('(' ~ cells | join(', ') ~ ')') -%}
    {%- endfor -%}
    {%- set sql -%}
select {{ quoted | join(', ') }}
from values
    {{ values_rows | join(',\n    ') }}
    as {{ alias }}({{ quoted | join(', ') }})
    {%- endset -%}
    {{ return(sql) }}
{% endmacro %}
