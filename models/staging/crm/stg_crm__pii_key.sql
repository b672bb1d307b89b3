{#- The HMAC pads of the secret email-hash key, as the loader stored them. Raw tables landed by
    another tool need this table too: `salesdw pii-key` writes it (see README). -#}
{%- set pii_key = source('crm', '_pii_key') -%}
{#- Checked when dbt runs or builds (not when a linter compiles the project before any load). -#}
{%- if execute and flags.WHICH in ('run', 'build') and adapter.get_relation(
    database=pii_key.database, schema=pii_key.schema, identifier=pii_key.identifier) is none -%}
    {{ exceptions.raise_compiler_error(
        pii_key ~ " is missing: the email hashes need the secret key's pads. `salesdw load` writes "
        ~ "them; when another tool lands the raw tables, run `salesdw pii-key` for this warehouse.") }}
{%- endif -%}
with

pii_key as (

    select * from {{ pii_key }}

),

final as (

    select
        inner_pad_hex,
        outer_pad_hex
    from pii_key

)

select * from final
