{#- How many raw rows staging refused, per contract table and reason: the quarantine counted,
    without the rows themselves (their raw values may hold personal data and stay in the
    quarantine schema), so a BI data-quality page can show it from the BI file.
    Grain: one row per table_name + quarantine_reason. -#}
with

quarantine as (

    select * from {{ ref('quarantine_crm_rows') }}

),

final as (

    select
        table_name,
        quarantine_reason,
        count(*) as row_count
    from quarantine
    group by table_name, quarantine_reason

)

select * from final
