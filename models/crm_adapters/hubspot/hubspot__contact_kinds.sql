with

contacts as (

    select * from {{ source('hubspot', 'contact') }}

),

final as (

    select
        id as contact_id,
        max(case when property_hs_lead_status is not null then 1 else 0 end) = 1 as is_lead
    from contacts
    where id is not null
    group by id

)

select * from final
