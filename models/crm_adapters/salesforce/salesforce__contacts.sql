{#- contacts <- Contact (merged contacts, MasterRecordId set, as deleted). -#}
with

contacts as (

    select * from {{ source('salesforce', 'contact') }}

),

final as (

    select
        {{ sf_text('contacts.id') }} as contact_id,
        {{ sf_text('contacts.account_id') }} as account_id,
        {{ sf_text('contacts.first_name') }} as first_name,
        {{ sf_text('contacts.last_name') }} as last_name,
        {{ sf_text('contacts.email') }} as email,
        coalesce({{ sf_text('contacts.phone') }}, {{ sf_text('contacts.mobile_phone') }}) as phone,
        {{ sf_text('contacts.title') }} as title,
        {{ sf_text('contacts.created_date') }} as created_at,
        {{ sf_is_deleted('contacts', 'master_record_id') }} as is_deleted,
        {{ sf_updated_at('contacts') }} as updated_at,
        contacts._source_row_number
    from contacts

)

select * from final
