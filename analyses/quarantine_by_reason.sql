-- How much of each raw table was refused, and why: a first look after loading a new export.
with

quarantined as (

    select * from {{ ref('quarantine_crm_rows') }}

),

final as (

    select
        table_name,
        quarantine_reason,
        count(*) as refused_rows
    from quarantined
    group by table_name, quarantine_reason

)

select * from final
order by table_name asc, refused_rows desc
