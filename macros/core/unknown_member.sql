{#- Label of the `unknown` member of every dimension (null, orphan or deleted-target keys). -#}
{% macro unknown_member_label() -%}
    'Unknown'
{%- endmacro %}

{#- A salted one-way hash of a personal value (emails), so marts can count and join on
    people without holding their data. Salt: env PII_HASH_SALT. -#}
{% macro mask_pii(expr) -%}
    {{ dbt.hash(dbt.concat(["'" ~ env_var('PII_HASH_SALT', 'sales-warehouse') ~ "'", 'lower(trim(' ~ expr ~ '))'])) }}
{%- endmacro %}
