{#- Every PricebookEntry ranked for its product (helper of salesforce__products and the row
    accounting): entry_rank 1 is the product's list price: active and not deleted, in the
    standard price book first, then in the corporate currency, then the smallest Id. -#}
with

entries as (

    select * from {{ source('salesforce', 'pricebook_entry') }}

),

price_books as (

    select * from {{ source('salesforce', 'pricebook_2') }}

),

ranked as (

    select
        {{ sf_text('entries.product_2_id') }} as product_id,
        {{ sf_text('entries.unit_price') }} as list_price,
        coalesce(upper({{ sf_text('entries.currency_iso_code') }}), {{ sf_corporate_currency() }}) as currency,
        entries._source_row_number,
        {{ sf_is_true('entries.is_deleted') }}
        or lower(trim(entries.is_active)) in ('false', '0') as is_inactive,
        row_number() over (
            partition by {{ sf_text('entries.product_2_id') }}
            order by
                case
                    when {{ sf_is_true('entries.is_deleted') }} or lower(trim(entries.is_active)) in ('false', '0')
                        then 1
                    else 0
                end,
                case when {{ sf_is_true('price_books.is_standard') }} then 0 else 1 end,
                case
                    when coalesce(upper({{ sf_text('entries.currency_iso_code') }}), {{ sf_corporate_currency() }})
                        = {{ sf_corporate_currency() }}
                        then 0
                    else 1
                end,
                entries.id
        ) as entry_rank
    from entries
    left join price_books
        on {{ sf_text('entries.pricebook_2_id') }} = {{ sf_text('price_books.id') }}

),

final as (

    select
        product_id,
        list_price,
        currency,
        _source_row_number,
        entry_rank,
        case
            when product_id is null then 'no product'
            when is_inactive then 'inactive or deleted price book entry'
            when entry_rank > 1 then 'not the list price (another price book or currency)'
        end as drop_reason
    from ranked

)

select * from final
