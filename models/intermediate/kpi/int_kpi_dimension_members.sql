{#- Human-readable labels of dimension members whose key is an id (rep, team, campaign,
    product). Every other dimension's label is its value (see kpi_rows). -#}
with

users as (

    select * from {{ ref('dim_users') }}

),

teams as (

    select * from {{ ref('dim_teams') }}

),

campaigns as (

    select * from {{ ref('dim_campaigns') }}

),

products as (

    select * from {{ ref('dim_products') }}

),

members as (

    select
        'rep' as dimension,
        user_id as dimension_value,
        full_name as dimension_label
    from users
    union all
    select
        'team' as dimension,
        team_id as dimension_value,
        team_name as dimension_label
    from teams
    union all
    select
        'campaign' as dimension,
        campaign_id as dimension_value,
        campaign_name as dimension_label
    from campaigns
    union all
    select
        'product' as dimension,
        product_id as dimension_value,
        product_name as dimension_label
    from products

),

final as (

    select
        {{ dbt.concat(['dimension', "':'", 'dimension_value']) }} as dimension_member_id,
        dimension,
        dimension_value,
        dimension_label
    from members

)

select * from final
