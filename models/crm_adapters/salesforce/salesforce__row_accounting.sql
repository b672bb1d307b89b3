{#- Every row of every Salesforce table, accounted for: per table, the rows the adapter uses and
    the rows it drops, by reason. A deleted or merged record is used (it becomes a contract row
    with is_deleted = true, which staging then keeps out of every fact and KPI); a row is dropped
    only when the contract has no place for it (a history row without a stage change, a second
    price book entry, a later campaign membership, the corporate currency's own rate, a deleted
    line item or campaign, a soft-deleted user role). Tables read one row per row (accounts,
    users, tasks, ...) use every row. Tested: per table, the outcomes add up to the rows landed. -#}
{%- set one_to_one = {
    'user': 'salesforce__users', 'account': 'salesforce__accounts', 'contact': 'salesforce__contacts',
    'lead': 'salesforce__leads', 'opportunity': 'salesforce__deals', 'product_2': 'salesforce__products',
} -%}
{%- set lookups = ['record_type', 'pricebook_2', 'task', 'event'] -%}
{#- Tables whose rows are used by one model, except those dropped by one rule. -#}
{%- set used_else_dropped = [
    ('opportunity_line_item', 'salesforce__deal_line_items', sf_is_true('source_rows.is_deleted'), 'deleted'),
    ('campaign', 'salesforce__campaigns', sf_is_true('source_rows.is_deleted'), 'deleted'),
    ('dated_conversion_rate', 'salesforce__fx_rates',
     "coalesce(upper(" ~ sf_text('source_rows.iso_code') ~ "), '') = " ~ sf_corporate_currency(),
     'the corporate currency (its rate is 1)'),
] -%}
with

{% for table, model in one_to_one.items() -%}
{{ table }}_rows as (

    select
        '{{ table }}' as source_table,
        'used' as outcome,
        cast(null as {{ dbt.type_string() }}) as reason,
        count(*) as row_count
    from {{ ref(model) }}

),

{% endfor -%}
{% for table in lookups -%}
{{ table }}_rows as (

    select
        '{{ table }}' as source_table,
        'used' as outcome,
        cast(null as {{ dbt.type_string() }}) as reason,
        count(*) as row_count
    from {{ source('salesforce', table) }}

),

{% endfor -%}
user_role_rows as (

    select
        'user_role' as source_table,
        case when {{ sf_is_true('user_roles._fivetran_deleted') }} then 'dropped' else 'used' end as outcome,
        case when {{ sf_is_true('user_roles._fivetran_deleted') }} then 'deleted (_fivetran_deleted)' end as reason,
        count(*) as row_count
    from {{ source('salesforce', 'user_role') }} as user_roles
    group by outcome, reason

),

history_rows as (

    select
        'opportunity_history' as source_table,
        'used' as outcome,
        cast(null as {{ dbt.type_string() }}) as reason,
        count(*) as row_count
    from {{ ref('salesforce__deal_stage_history') }}

    union all

    select
        'opportunity_history' as source_table,
        'dropped' as outcome,
        drop_reason as reason,
        count(*) as row_count
    from {{ ref('salesforce__opportunity_stage_changes') }}
    where not is_stage_change
    group by outcome, reason

),

stage_rows as (

    select
        'opportunity_stage' as source_table,
        case when {{ sf_text('opportunity_stages.master_label') }} is null then 'dropped' else 'used' end as outcome,
        case when {{ sf_text('opportunity_stages.master_label') }} is null then 'no MasterLabel' end as reason,
        count(*) as row_count
    from {{ source('salesforce', 'opportunity_stage') }} as opportunity_stages
    group by outcome, reason

),

price_rows as (

    select
        'pricebook_entry' as source_table,
        case when drop_reason is null then 'used' else 'dropped' end as outcome,
        drop_reason as reason,
        count(*) as row_count
    from {{ ref('salesforce__product_list_prices') }}
    group by outcome, reason

),

member_rows as (

    select
        'campaign_member' as source_table,
        case when drop_reason is null then 'used' else 'dropped' end as outcome,
        drop_reason as reason,
        count(*) as row_count
    from {{ ref('salesforce__lead_first_campaigns') }}
    group by outcome, reason

),

{% for table, model, dropped_when, reason in used_else_dropped -%}
{{ table }}_rows as (

    select
        '{{ table }}' as source_table,
        'used' as outcome,
        cast(null as {{ dbt.type_string() }}) as reason,
        count(*) as row_count
    from {{ ref(model) }}

    union all

    select
        '{{ table }}' as source_table,
        'dropped' as outcome,
        '{{ reason }}' as reason,
        count(*) as row_count
    from {{ source('salesforce', table) }} as source_rows
    where {{ dropped_when }}

),

{% endfor -%}
all_rows as (

    {% for table in (one_to_one.keys() | list) + lookups -%}
    select * from {{ table }}_rows
    union all
    {% endfor -%}
    select * from user_role_rows
    union all
    select * from history_rows
    union all
    select * from stage_rows
    union all
    select * from price_rows
    union all
    select * from member_rows
    {% for table, _, _, _ in used_else_dropped -%}
    union all
    select * from {{ table }}_rows
    {% endfor %}

),

final as (

    select
        source_table,
        outcome,
        reason,
        cast(row_count as {{ dbt.type_bigint() }}) as row_count
    from all_rows
    where row_count > 0 or outcome = 'used'

)

select * from final
