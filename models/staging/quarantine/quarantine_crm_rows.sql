{#- Every raw row that staging refused, with its table, key, raw values and reason(s):
    rows that broke a record rule (from the base_crm__ models) and lines of a raw file that
    were not valid CSV (the loader's rejects, base_crm__load_rejects). The tables and their keys
    are the contract's. Nothing is dropped silently:
    rows read = rows staged (current + superseded versions) + rows quarantined.
    The raw values of a refused row are read here, from its raw row (the source, or the CRM
    adapter's model), by its position in the raw file: the base models do not carry them, so
    that the millions of good rows are not stored twice. -#}
{#- Every contract table, with its primary key (output names) and the relation of its raw rows. -#}
{%- set crm_tables = [] -%}
{%- for table_name in crm_contract_tables() -%}
{%- set provider = crm_table_provider(table=table_name) -%}
{%- do crm_tables.append((
    table_name,
    crm_contract(table=table_name).primary_key,
    source('crm', table_name) if provider == 'contract' else ref(provider ~ '__' ~ table_name)
)) -%}
{%- endfor -%}

with

load_rejects as (

    select * from {{ ref('base_crm__load_rejects') }}

),

{% for table_name, primary_key, raw_relation in crm_tables %}
{{ table_name }}_refused as (

    select
        '{{ table_name }}' as table_name,
        {{ dbt.concat(crm_key_parts(primary_key)) }} as record_key,
        source_row_number,
        quarantine_reason
    from {{ ref('base_crm__' ~ table_name) }}
    where quarantine_reason is not null

),

{{ table_name }}_refused_raw as (

    select
        {{ table_name }}_refused.table_name,
        {{ table_name }}_refused.record_key,
        {{ table_name }}_refused.source_row_number,
        cast(null as {{ dbt.type_int() }}) as source_line_number,
        {{ crm_raw_row(table=table_name, raw_rows='raw_rows') }} as raw_row,
        {{ table_name }}_refused.quarantine_reason
    from {{ table_name }}_refused
    left join {{ raw_relation }} as raw_rows
        on
            cast(raw_rows._source_row_number as {{ dbt.type_int() }})
            = {{ table_name }}_refused.source_row_number

),

{% endfor %}
unparseable_lines as (

    select
        table_name,
        cast(null as {{ dbt.type_string() }}) as record_key,
        cast(null as {{ dbt.type_int() }}) as source_row_number,
        cast(line_number as {{ dbt.type_int() }}) as source_line_number,
        raw_line as raw_row,
        {{ dbt.concat(["'unparseable CSV line: '", 'error_message']) }} as quarantine_reason
    from load_rejects

),

refused_rows as (

    {% for table_name, primary_key, raw_relation in crm_tables %}
    select * from {{ table_name }}_refused_raw
    union all
    {% endfor %}
    select * from unparseable_lines

),

final as (

    select
        {{ dbt.concat([
            'table_name', "':'",
            "coalesce(cast(source_row_number as " ~ dbt.type_string() ~ "), 'line ' || cast(source_line_number as " ~ dbt.type_string() ~ "))"
        ]) }} as quarantine_id,
        table_name,
        record_key,
        source_row_number,
        source_line_number,
        raw_row,
        quarantine_reason
    from refused_rows

)

select * from final
