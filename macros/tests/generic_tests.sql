{#- Generic data tests (the dbt package hub is unreachable, so they live here). -#}

{#- The combination of columns is unique (composite primary keys). -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as duplicate_rows
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}

{#- Every row satisfies a boolean SQL expression. -#}
{% test expression_is_true(model, expression, column_name=none) %}
    select *
    from {{ model }}
    where not coalesce({{ expression }}, false)
{% endtest %}

{#- Values lie in [min_value, max_value] (either bound optional); nulls pass. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none) %}
    select {{ column_name }}
    from {{ model }}
    where
        {%- if min_value is not none %} {{ column_name }} < {{ min_value }}{% endif %}
        {%- if min_value is not none and max_value is not none %} or{% endif %}
        {%- if max_value is not none %} {{ column_name }} > {{ max_value }}{% endif %}
{% endtest %}

{#- Rows read = rows staged (current versions + superseded versions) + rows quarantined,
    for one contract table (read from the contract file, or from the CRM adapter's model).
    Fails with the four counts when they do not add up. -#}
{% test reconciles_with_raw(model, table_name) %}
    {%- set provider = crm_table_provider(table=table_name) -%}
    with

    rows_read as (
        select count(*) as row_count
        from {{ source('crm', table_name) if provider == 'contract' else ref(provider ~ '__' ~ table_name) }}
    ),

    lines_rejected as (
        select count(*) as row_count
        from {{ source('crm', '_load_rejects') }}
        where table_name = '{{ table_name }}'
    ),

    rows_current as (
        select count(*) as row_count from {{ model }}
    ),

    rows_superseded as (
        select count(*) as row_count
        from {{ ref('base_crm__' ~ table_name) }}
        where quarantine_reason is null and not is_current_version
    ),

    rows_quarantined as (
        select count(*) as row_count
        from {{ ref('quarantine_crm_rows') }}
        where table_name = '{{ table_name }}'
    ),

    counts as (
        select
            rows_read.row_count + lines_rejected.row_count as read_count,
            rows_current.row_count as current_count,
            rows_superseded.row_count as superseded_count,
            rows_quarantined.row_count as quarantined_count
        from rows_read
        cross join lines_rejected
        cross join rows_current
        cross join rows_superseded
        cross join rows_quarantined
    )

    select *
    from counts
    where read_count <> current_count + superseded_count + quarantined_count
{% endtest %}

{#- The model has exactly `expected` rows (fails with the actual count otherwise). -#}
{% test has_row_count(model, expected) %}
    select row_count
    from (select count(*) as row_count from {{ model }}) as counted
    where row_count <> {{ expected }}
{% endtest %}

{#- A model's rows hold valid values, checked in one query per model (one dbt node instead of
    one per column and rule):
    `not_null`: a list of columns that may not be null;
    `ranges`: a list of {column, min_value, max_value} (either bound optional);
    `accepted_values`: a list of {column, values} (nulls pass ranges and accepted values);
    `unique_key`: the primary key, a list of columns whose combination is unique (its columns
    belong in `not_null` too);
    `alternate_keys`: other keys, each a list of columns whose combination is unique (e.g. the
    grain's natural key beside a surrogate key);
    `expressions`: a list of {name, expression}: a boolean SQL expression every row satisfies
    (a null result breaks it, as in expression_is_true); jinja in it is rendered;
    `foreign_keys`: a list of {column, to, field}: every non-null value of the column is a value
    of `field` in the model `to` (`ref('...')`, recorded by dbt as a parent of the test), as
    dbt's relationships test checks it.
    The column rules and expressions are one scan, each key one grouping, each foreign key one
    join. Fails with one row per column and rule broken: the column(s), the rule, how many rows
    break it, and one such value (for a key: one repeated key, its values joined by ' | '; for an
    expression: its name in column_name, the rule 'row expression', and the unique key of one row
    that breaks it; for a foreign key: the rule 'references <model>.<field>' and one orphan value).
    Every model's not-null columns, keys, references and row-level invariants are checked here. -#}
{% test column_values_valid(model, not_null=[], ranges=[], accepted_values=[], unique_key=[], alternate_keys=[], expressions=[], foreign_keys=[]) %}
    {%- set rules = [] -%}
    {%- for column in not_null -%}
        {%- do rules.append({'column': column, 'rule': 'not null', 'broken': column ~ ' is null'}) -%}
    {%- endfor -%}
    {%- for range in ranges -%}
        {%- set conditions = [] -%}
        {%- if range.get('min_value') is not none -%}
            {%- do conditions.append(range.column ~ ' < ' ~ range.min_value) -%}
        {%- endif -%}
        {%- if range.get('max_value') is not none -%}
            {%- do conditions.append(range.column ~ ' > ' ~ range.max_value) -%}
        {%- endif -%}
        {%- do rules.append({
            'column': range.column,
            'rule': 'range ' ~ range.get('min_value', '') ~ '..' ~ range.get('max_value', ''),
            'broken': conditions | join(' or ')}) -%}
    {%- endfor -%}
    {%- for spec in accepted_values -%}
        {%- do rules.append({
            'column': spec.column,
            'rule': 'one of ' ~ spec['values'] | join(', '),
            'broken': spec.column ~ " not in ('" ~ spec['values'] | join("', '") ~ "')"}) -%}
    {%- endfor %}
    {%- for check in expressions -%}
        {%- do rules.append({
            'column': check.name,
            'rule': 'row expression',
            'broken': 'not coalesce((' ~ check.expression ~ '), false)',
            'example': key_values_text(columns=unique_key) if unique_key else 'null'}) -%}
    {%- endfor %}
    {%- set keys = [] -%}
    {%- if unique_key -%}
        {%- do keys.append({'columns': unique_key, 'rule': 'unique key'}) -%}
    {%- endif -%}
    {%- for columns in alternate_keys -%}
        {%- do keys.append({'columns': columns, 'rule': 'unique alternate key'}) -%}
    {%- endfor %}
    {#- What a repeated key and an orphan foreign key report: one (key_rows, example_key) row
        each, from broken_key_<n> and orphan_key_<n>. -#}
    {%- set key_findings = [] -%}
    {%- for key in keys -%}
        {%- do key_findings.append({
            'relation': 'broken_key_' ~ loop.index, 'column': key.columns | join(', '), 'rule': key.rule}) -%}
    {%- endfor -%}
    {%- for reference in foreign_keys -%}
        {%- do key_findings.append({
            'relation': 'orphan_key_' ~ loop.index, 'column': reference.column,
            'rule': 'references ' ~ reference.to.identifier ~ '.' ~ reference.field}) -%}
    {%- endfor %}
    with

    {% if rules -%}
    broken_rules as (

        select
            {%- for rule in rules %}
            sum(case when {{ rule.broken }} then 1 else 0 end) as rule_{{ loop.index }}_rows,
            min(case when {{ rule.broken }} then cast({{ rule.get('example', rule.column) }} as {{ dbt.type_string() }}) end)
                as rule_{{ loop.index }}_example
            {{- "," if not loop.last }}
            {%- endfor %}
        from {{ model }}

    ),
    {%- endif %}

    {% for key in keys -%}
    repeated_key_{{ loop.index }} as (

        select
            {{ key_values_text(columns=key.columns) }} as key_values,
            count(*) as key_rows
        from {{ model }}
        group by {{ key.columns | join(', ') }}
        having count(*) > 1

    ),

    broken_key_{{ loop.index }} as (

        select
            cast(sum(key_rows) as {{ dbt.type_bigint() }}) as key_rows,
            min(key_values) as example_key
        from repeated_key_{{ loop.index }}

    ),
    {%- endfor %}

    {% for reference in foreign_keys -%}
    orphan_key_{{ loop.index }} as (

        select
            cast(count(*) as {{ dbt.type_bigint() }}) as key_rows,
            min(cast(child_keys.child_key as {{ dbt.type_string() }})) as example_key
        from (
            select {{ reference.column }} as child_key
            from {{ model }}
            where {{ reference.column }} is not null
        ) as child_keys
        left join (
            select distinct {{ reference.field }} as parent_key
            from {{ reference.to }}
        ) as parent_keys
            on child_keys.child_key = parent_keys.parent_key
        where parent_keys.parent_key is null

    ),
    {%- endfor %}

    {% if rules -%}
    rule_list as (

        {% for rule in rules -%}
        select
            {{ loop.index }} as rule_number,
            '{{ rule.column }}' as column_name,
            '{{ rule.rule | replace("'", "''") }}' as rule
        {% if not loop.last %}union all{% endif %}
        {% endfor %}
    ),

    {#- One row per rule from the one row of counts: the counts are read once (a CTE read once
        per rule in a union is computed once per rule on engines that inline CTEs: Spark). #}
    rule_results as (

        select
            rule_list.column_name,
            rule_list.rule,
            cast(case rule_list.rule_number
                {%- for rule in rules %}
                when {{ loop.index }} then broken_rules.rule_{{ loop.index }}_rows
                {%- endfor %}
            end as {{ dbt.type_bigint() }}) as rows_breaking,
            case rule_list.rule_number
                {%- for rule in rules %}
                when {{ loop.index }} then broken_rules.rule_{{ loop.index }}_example
                {%- endfor %}
            end as example_value
        from broken_rules
        cross join rule_list

    ),
    {%- endif %}

    broken as (

        {% if rules -%}
        select * from rule_results
        where rows_breaking > 0
        {% if key_findings %}union all{% endif %}
        {% endif -%}
        {% for finding in key_findings -%}
        select
            '{{ finding.column }}' as column_name,
            '{{ finding.rule }}' as rule,
            key_rows as rows_breaking,
            example_key as example_value
        from {{ finding.relation }}
        where key_rows > 0
        {% if not loop.last %}union all{% endif %}
        {% endfor %}
    )

    select * from broken
{% endtest %}

{#- A key's column values as one text, joined by ' | ' (a null part as 'null'): how
    column_values_valid shows a repeated key, or the key of a row that breaks an expression. -#}
{% macro key_values_text(columns=none) -%}
    {%- do require_keyword_arguments('key_values_text', {'columns': columns}) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append('coalesce(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ "), 'null')") -%}
    {%- endfor -%}
    {{- parts | join(" || ' | ' || ") -}}
{%- endmacro %}
