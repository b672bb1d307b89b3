{#- Helpers of the Salesforce adapter (models/crm_adapters/salesforce/). The raw tables hold every
    column as text (null for empty); the adapter's output is text in the contract's formats.
    A value the adapter has to read (a date, a number) and cannot parse is passed on as it is,
    so staging quarantines the row with the reason, as for a contract file. -#}

{#- Trimmed text, null when empty. -#}
{% macro sf_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{#- A Salesforce boolean is true (true/1 in any case). -#}
{% macro sf_is_true(column) -%}
    coalesce(lower(trim({{ column }})) in ('true', '1'), false)
{%- endmacro %}

{#- A map var (salesforce_...: {Salesforce value: contract value}) as a case expression on the
    trimmed, lower-cased value; `default` (SQL) for a value the map does not list, null for null. -#}
{% macro sf_map(column, var_name, default="null") -%}
    {%- set mapping = var(var_name) -%}
    case
        when {{ sf_text(column) }} is null then null
        {%- for source_value, target_value in mapping.items() %}
        when lower(trim({{ column }})) = '{{ (source_value | string | lower | trim) | replace("'", "''") }}'
            then '{{ target_value | string | replace("'", "''") }}'
        {%- endfor %}
        else {{ default }}
    end
{%- endmacro %}

{#- The contract's updated_at: SystemModstamp, else LastModifiedDate, else _fivetran_synced. -#}
{% macro sf_updated_at(relation) -%}
    coalesce(
        {{ sf_text(relation ~ '.system_modstamp') }},
        {{ sf_text(relation ~ '.last_modified_date') }},
        {{ sf_text(relation ~ '._fivetran_synced') }}
    )
{%- endmacro %}

{#- The contract's is_deleted: IsDeleted, Fivetran's _fivetran_deleted, or (merge_column) a
    merged record (MasterRecordId set: the loser of a merge). An unreadable IsDeleted is passed
    on (staging quarantines it). -#}
{% macro sf_is_deleted(relation, merge_column=none) -%}
    case
        when {{ sf_is_true(relation ~ '.is_deleted') }}
            or {{ sf_is_true(relation ~ '._fivetran_deleted') }}
            {%- if merge_column %}
            or {{ sf_text(relation ~ '.' ~ merge_column) }} is not null
            {%- endif %}
            then 'true'
        when {{ sf_text(relation ~ '.is_deleted') }} is null
            or lower(trim({{ relation }}.is_deleted)) in ('false', '0')
            then 'false'
        else {{ relation }}.is_deleted
    end
{%- endmacro %}

{#- The date (YYYY-MM-DD, UTC) of a timestamp; the text as it is when it does not parse. -#}
{% macro sf_date_of(column) -%}
    coalesce(
        cast(cast({{ parse_timestamp_utc(sf_text(column)) }} as date) as {{ dbt.type_string() }}),
        {{ sf_text(column) }}
    )
{%- endmacro %}

{#- A Salesforce date-only field read as a timestamp: 00:00 UTC of the day, or the creation
    time when the record was created that same day (so a deal created and closed on one day
    does not close before it was created). The text as it is when it does not parse. -#}
{% macro sf_day_as_timestamp(day_column, created_column) -%}
    case
        when {{ parse_date(sf_text(day_column)) }} is null then {{ sf_text(day_column) }}
        when {{ parse_date(sf_text(day_column)) }}
            = cast({{ parse_timestamp_utc(sf_text(created_column)) }} as date)
            then {{ sf_text(created_column) }}
        else {{ sf_text(day_column) }} || 'T00:00:00Z'
    end
{%- endmacro %}

{#- A number computed from a Salesforce field, as plain decimal text (never an exponent). -#}
{% macro sf_number_text(expression) -%}
    cast(cast({{ expression }} as decimal(38, 18)) as {{ dbt.type_string() }})
{%- endmacro %}

{#- `numerator_column` / divisor as plain decimal text; the text as it is when it does not parse. -#}
{% macro sf_divided(column, divisor) -%}
    coalesce(
        {{ sf_number_text(parse_numeric(sf_text(column)) ~ ' / ' ~ divisor) }},
        {{ sf_text(column) }}
    )
{%- endmacro %}

{#- An id of the object with the key prefix (the first three characters: 00Q lead, 003
    contact, 006 opportunity, 001 account, 00G queue), else null. -#}
{% macro sf_id_of(column, prefix) -%}
    case when left({{ sf_text(column) }}, 3) = '{{ prefix }}' then {{ sf_text(column) }} end
{%- endmacro %}

{#- The corporate currency (var salesforce_corporate_currency, '' = fx_base_currency). -#}
{% macro sf_corporate_currency() -%}
    {%- set configured = var('salesforce_corporate_currency', '') | string | trim | upper -%}
    '{{ configured or fx_base_currency_code() }}'
{%- endmacro %}

{#- A custom field named by a var (e.g. salesforce_lost_reason_column: loss_reason_c). -#}
{% macro sf_custom_column(relation, var_name) -%}
    {{ relation }}.{{ var(var_name) | trim | lower }}
{%- endmacro %}
