{#- How the HubSpot mapping vars read this portal's values (for the build summary and for writing
    a mapping file): per mapping, HubSpot field and value, the contract value it became (null: not
    listed in the map, so the default applies) and how many rows carry it. The rows read are the
    ones the adapter maps: lead fields from contacts with a lead status, team names of teams not
    soft-deleted, the type of email engagements (the direction when the email has none). For
    hubspot_country_regions the value is the ISO code the country property became
    (hubspot_country_codes, else a two-letter value upper-cased, else as is), as the adapter
    reads it. -#}
{%- set lead_rows = 'source_rows.property_hs_lead_status is not null' -%}
{%- set country_code = "coalesce(" ~ hubspot_lookup('source_rows.property_country', 'hubspot_country_codes')
    ~ ", case when length(trim(source_rows.property_country)) = 2"
    ~ " then upper(trim(source_rows.property_country)) else source_rows.property_country end)" -%}
{%- set mappings = [
    {'var': 'hubspot_roles', 'table': 'role', 'column': 'name'},
    {'var': 'hubspot_team_regions', 'table': 'team', 'column': 'name', 'contains': true,
     'where': 'not ' ~ hubspot_flag('source_rows._fivetran_deleted')},
    {'var': 'hubspot_country_codes', 'table': 'company', 'column': 'property_country'},
    {'var': 'hubspot_country_codes', 'table': 'contact', 'column': 'property_country', 'where': lead_rows},
    {'var': 'hubspot_country_regions', 'table': 'company', 'column': 'property_country', 'value': country_code},
    {'var': 'hubspot_country_regions', 'table': 'contact', 'column': 'property_country', 'value': country_code,
     'where': lead_rows},
    {'var': 'hubspot_deal_types', 'table': 'deal', 'column': 'property_dealtype'},
    {'var': 'hubspot_lead_sources', 'table': 'contact', 'column': 'property_hs_analytics_source',
     'where': lead_rows},
    {'var': 'hubspot_lead_statuses', 'table': 'contact', 'column': 'property_hs_lead_status'},
    {'var': 'hubspot_lifecycle_statuses', 'table': 'contact', 'column': 'property_lifecyclestage',
     'where': lead_rows},
    {'var': 'hubspot_activity_types', 'table': 'engagement_meeting', 'column': 'property_hs_activity_type'},
    {'var': 'hubspot_activity_types', 'table': 'engagement_task', 'column': 'property_hs_activity_type'},
    {'var': 'hubspot_call_statuses', 'table': 'engagement_call', 'column': 'property_hs_call_status'},
    {'var': 'hubspot_email_statuses', 'table': 'engagement_email', 'column': 'property_hs_email_status'},
    {'var': 'hubspot_meeting_outcomes', 'table': 'engagement_meeting', 'column': 'property_hs_meeting_outcome'},
    {'var': 'hubspot_task_statuses', 'table': 'engagement_task', 'column': 'property_hs_task_status'},
    {'var': 'hubspot_directions', 'table': 'engagement_call', 'column': 'property_hs_call_direction'},
    {'var': 'hubspot_directions', 'table': 'engagement_email', 'column': 'property_hs_email_direction'},
    {'var': 'hubspot_directions', 'table': 'engagement', 'column': 'type',
     'where': "upper(trim(source_rows.type)) in ('EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL')"},
] -%}
with

{% for mapping in mappings -%}
{%- set value = mapping.get('value', 'source_rows.' ~ mapping.column) -%}
values_{{ loop.index }} as (

    select nullif(trim({{ value }}), '') as source_value
    from {{ source('hubspot', mapping.table) }} as source_rows
    where
        nullif(trim({{ value }}), '') is not null
        {%- if mapping.get('where') %}
        and {{ mapping.where }}
        {%- endif %}

),

mapping_{{ loop.index }} as (

    select
        '{{ mapping.var }}' as mapping_var,
        '{{ mapping.table }}.{{ mapping.column }}' as source_field,
        source_value,
        {% if mapping.get('contains') -%}
        {{ hubspot_text(hubspot_contains('source_value', mapping.var)) }} as contract_value,
        {%- else -%}
        {{ hubspot_text(hubspot_lookup('source_value', mapping.var)) }} as contract_value,
        {%- endif %}
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
