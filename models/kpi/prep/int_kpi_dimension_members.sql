{#- Human-readable labels of dimension members whose key is an id (rep, team, campaign,
    product), and the order of the members of ordered dimensions: stages in funnel order
    (pipeline by pipeline, each in its stage order) and lead statuses in funnel order. Every
    other dimension's label is its value and its members sort by label (see kpi_rows). -#}
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

pipeline_stages as (

    select * from {{ ref('dim_pipeline_stages') }}

),

stage_positions as (

    select
        stage_name,
        dense_rank() over (order by pipeline, stage_order) as stage_position
    from pipeline_stages
    where not is_unknown_member

),

lead_statuses as (

    {%- for status in lead_statuses() %}
    select
        '{{ status }}' as lead_status,
        {{ loop.index }} as status_position
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

members as (

    select
        'rep' as dimension,
        user_id as dimension_value,
        full_name as dimension_label,
        cast(null as {{ dbt.type_int() }}) as member_order
    from users
    union all
    select
        'team' as dimension,
        team_id as dimension_value,
        team_name as dimension_label,
        cast(null as {{ dbt.type_int() }}) as member_order
    from teams
    union all
    select
        'campaign' as dimension,
        campaign_id as dimension_value,
        campaign_name as dimension_label,
        cast(null as {{ dbt.type_int() }}) as member_order
    from campaigns
    union all
    select
        'product' as dimension,
        product_id as dimension_value,
        product_name as dimension_label,
        cast(null as {{ dbt.type_int() }}) as member_order
    from products
    union all
    select
        'stage' as dimension,
        stage_name as dimension_value,
        stage_name as dimension_label,
        cast(min(stage_position) as {{ dbt.type_int() }}) as member_order
    from stage_positions
    group by stage_name
    union all
    select
        'status' as dimension,
        lead_status as dimension_value,
        lead_status as dimension_label,
        cast(status_position as {{ dbt.type_int() }}) as member_order
    from lead_statuses

),

final as (

    select
        {{ dbt.concat(['dimension', "':'", 'dimension_value']) }} as dimension_member_id,
        dimension,
        dimension_value,
        dimension_label,
        member_order
    from members

)

select * from final
