{#- Every raw row that staging refused, with its table, key, raw values and reason(s):
    rows that broke a record rule (from the base_crm__ models) and lines of a raw file that
    were not valid CSV (from the loader's rejects). Nothing is dropped silently:
    rows read = rows staged (current + superseded versions) + rows quarantined. -#}
{%- set crm_tables = [
    ('users', ['user_id']),
    ('teams', ['team_id']),
    ('accounts', ['account_id']),
    ('contacts', ['contact_id']),
    ('leads', ['lead_id']),
    ('deals', ['deal_id']),
    ('deal_stage_history', ['deal_id', 'stage_name', 'entered_at']),
    ('pipeline_stages', ['pipeline', 'stage_name']),
    ('products', ['product_id']),
    ('deal_line_items', ['line_item_id']),
    ('activities', ['activity_id']),
    ('subscription_periods', ['subscription_id', 'period_start']),
    ('expenses', ['expense_id']),
    ('campaigns', ['campaign_id']),
    ('fx_rates', ['rate_date', 'currency']),
    ('quotas', ['user_id', 'period_start']),
    ('commission_plans', ['user_id', 'effective_from']),
    ('customer_surveys', ['response_id']),
    ('rep_surveys', ['response_id']),
    ('rep_time_entries', ['entry_id']),
    ('product_active_users', ['activity_date', 'account_id', 'app_user_id']),
    ('competitor_prices', ['competitor', 'product_family', 'observed_date']),
    ('market_size', ['region', 'year'])
] -%}

with

{% for table_name, primary_key in crm_tables %}
{{ table_name }}_refused as (

    select
        '{{ table_name }}' as table_name,
        {{ dbt.concat(crm_key_parts(primary_key)) }} as record_key,
        source_row_number,
        cast(null as {{ dbt.type_int() }}) as source_line_number,
        raw_row,
        quarantine_reason
    from {{ ref('base_crm__' ~ table_name) }}
    where quarantine_reason is not null

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
    from {{ source('crm', '_load_rejects') }}

),

refused_rows as (

    {% for table_name, primary_key in crm_tables %}
    select * from {{ table_name }}_refused
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
