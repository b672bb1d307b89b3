{#- Contacts without personal data: names and phone dropped, email as a salted hash. -#}
with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

final as (

    select
        contacts.contact_id,
        coalesce(accounts.account_id, 'unknown') as account_id,
        {{ mask_pii('contacts.email') }} as email_hash,
        contacts.title,
        contacts.created_at
    from contacts
    left join accounts
        on contacts.account_id = accounts.account_id
            and not accounts.is_unknown_member
    where not contacts.is_deleted

)

select * from final
