{%- set percent = parse_numeric('line_items.property_hs_discount_percentage') -%}
with

line_items as (

    select * from {{ source('hubspot', 'line_item') }}

),

line_item_deals as (

    select * from {{ source('hubspot', 'line_item_deal') }}

),

first_deals as (

    select
        line_item_id,
        deal_id,
        row_number() over (
            partition by line_item_id order by length(deal_id), deal_id
        ) as deal_rank
    from line_item_deals
    where deal_id is not null

),

final as (

    select
        line_items.id as line_item_id,
        first_deals.deal_id,
        line_items.property_hs_product_id as product_id,
        line_items.property_quantity as quantity,
        line_items.property_price as unit_price,
        case
            when {{ percent }} is not null then {{ hubspot_decimal_text(percent ~ ' / 100') }}
            else line_items.property_hs_discount_percentage
        end as discount_pct,
        line_items.property_hs_lastmodifieddate as updated_at,
        cast(line_items._source_row_number as bigint) as _source_row_number
    from line_items
    left join first_deals
        on
            line_items.id = first_deals.line_item_id
            and first_deals.deal_rank = 1
    where not {{ hubspot_flag('line_items._fivetran_deleted') }}

)

select * from final
