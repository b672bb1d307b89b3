{#- Every row of every Salesforce table is accounted for: per table, the rows
    salesforce__row_accounting counts as used or dropped add up to the rows landed. A failing
    row names the table, the rows landed and the rows accounted for. Built only for
    CRM_SOURCE=salesforce. -#}
{{ config(enabled=(var('crm_source') | trim | lower) == 'salesforce') }}
{%- set tables = ['user', 'user_role', 'account', 'contact', 'lead', 'campaign', 'campaign_member',
                  'opportunity', 'opportunity_history', 'opportunity_stage', 'record_type',
                  'product_2', 'pricebook_2', 'pricebook_entry', 'opportunity_line_item', 'task',
                  'event', 'dated_conversion_rate'] -%}
with

landed as (

    {% for table in tables -%}
    select
        '{{ table }}' as source_table,
        count(*) as landed_rows
    from {{ source('salesforce', table) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

accounted as (

    select
        source_table,
        sum(row_count) as accounted_rows
    from {{ ref('salesforce__row_accounting') }}
    group by source_table

),

final as (

    select
        landed.source_table,
        landed.landed_rows,
        accounted.accounted_rows
    from landed
    left join accounted
        on landed.source_table = accounted.source_table
    where coalesce(accounted.accounted_rows, 0) <> landed.landed_rows

)

select * from final
