{#- The records of the raw files that were not valid CSV rows, as the loader wrote them
    (source crm._load_rejects): read here, in staging, like every raw table, for the
    quarantine. -#}
with

load_rejects as (

    select * from {{ source('crm', '_load_rejects') }}

),

final as (

    select
        table_name,
        file_name,
        line_number,
        raw_line,
        raw_line_length,
        raw_line_sha256,
        error_message
    from load_rejects

)

select * from final
