{#- Contacts without personal data: names and phone dropped, email as an HMAC-SHA256 with the
    secret key (stg_crm__pii_key). Engineers only: the BI file leaves email_hash out. -#}
with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

pii_key as (

    select * from {{ ref('stg_crm__pii_key') }}

),

final as (

    select
        contacts.contact_id,
        coalesce(accounts.account_id, 'unknown') as account_id,
        {{ hmac_sha256_hex(
            message='lower(trim(contacts.email))',
            inner_pad_hex='pii_key.inner_pad_hex',
            outer_pad_hex='pii_key.outer_pad_hex'
        ) }} as email_hash,
        contacts.title,
        contacts.created_at
    from contacts
    cross join pii_key
    left join accounts
        on contacts.account_id = accounts.account_id
            and not accounts.is_unknown_member
    where not contacts.is_deleted

)

select * from final
