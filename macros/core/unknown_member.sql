{#- Label of the `unknown` member of every dimension (null, orphan or deleted-target keys). -#}
{% macro unknown_member_label() -%}
    'Unknown'
{%- endmacro %}

{#- HMAC-SHA256 of a text, hex: sha256(outer_pad || sha256(inner_pad || message)), with the
    key's pads as hex columns (stg_crm__pii_key). A null message gives null. Used for emails:
    message = lower(trim(email)), so people can be counted and joined without their data, and
    without the secret key a candidate email cannot be checked against a hash. -#}
{% macro hmac_sha256_hex(message, inner_pad_hex, outer_pad_hex) -%}
    {{ return(adapter.dispatch('hmac_sha256_hex', 'sales_warehouse')(message, inner_pad_hex, outer_pad_hex)) }}
{%- endmacro %}

{% macro default__hmac_sha256_hex(message, inner_pad_hex, outer_pad_hex) -%}
    sha256(unhex({{ outer_pad_hex }}) || unhex(sha256(unhex({{ inner_pad_hex }}) || encode({{ message }}))))
{%- endmacro %}

{% macro postgres__hmac_sha256_hex(message, inner_pad_hex, outer_pad_hex) -%}
    encode(sha256(
        decode({{ outer_pad_hex }}, 'hex')
        || sha256(decode({{ inner_pad_hex }}, 'hex') || convert_to({{ message }}, 'UTF8'))
    ), 'hex')
{%- endmacro %}

{% macro spark__hmac_sha256_hex(message, inner_pad_hex, outer_pad_hex) -%}
    sha2(concat(
        unhex({{ outer_pad_hex }}),
        unhex(sha2(concat(unhex({{ inner_pad_hex }}), encode({{ message }}, 'UTF-8')), 256))
    ), 256)
{%- endmacro %}

{#- The lead statuses the contract allows, in funnel order: the allowed values of leads.status in
    the contract (models/staging/crm/_crm__sources.yml), which staging checks and BI tools sort the
    `status` dimension by. -#}
{% macro lead_statuses() -%}
    {%- set statuses = [] -%}
    {%- for column in crm_contract(table='leads').columns if column.name == 'status' -%}
        {%- do statuses.extend(column['values']) -%}
    {%- endfor -%}
    {{ return(statuses) }}
{%- endmacro %}
