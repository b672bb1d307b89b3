{#- How the mapping vars read this org's values (for the build summary and for writing a mapping
    file): per mapping and Salesforce value, the contract value it became (null: not listed in
    the map, so the default applies) and how many rows carry it. -#}
{%- set mappings = [
    ('salesforce_user_role_by_title', 'user', 'title'),
    ('salesforce_deal_type_map', 'opportunity', 'type'),
    ('salesforce_lead_source_map', 'lead', 'lead_source'),
    ('salesforce_lead_status_map', 'lead', 'status'),
    ('salesforce_activity_type_map', 'task', 'type'),
    ('salesforce_activity_type_map', 'event', 'type'),
    ('salesforce_activity_status_map', 'task', 'status'),
    ('salesforce_campaign_channel_by_type', 'campaign', 'type'),
    ('salesforce_region_by_country', 'account', 'billing_country_code'),
    ('salesforce_region_by_country', 'lead', 'country_code'),
] -%}
with

{% for var_name, table, column in mappings -%}
values_{{ loop.index }} as (

    select {{ sf_text('source_rows.' ~ column) }} as source_value
    from {{ source('salesforce', table) }} as source_rows
    where {{ sf_text('source_rows.' ~ column) }} is not null

),

mapping_{{ loop.index }} as (

    select
        '{{ var_name }}' as mapping_var,
        '{{ table }}.{{ column }}' as source_field,
        source_value,
        {{ sf_map('source_value', var_name) }} as contract_value,
        count(*) as row_count
    from values_{{ loop.index }}
    group by source_value

),

{% endfor -%}
final as (

    {% for _ in mappings -%}
    select
        mapping_var,
        source_field,
        source_value,
        contract_value,
        cast(row_count as {{ dbt.type_bigint() }}) as row_count
    from mapping_{{ loop.index }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from final
