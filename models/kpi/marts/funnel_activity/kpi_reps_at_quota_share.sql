{#- reps_at_quota_share: reps with quota_attainment >= 1 / reps with a quota, per period, from
    the rep rows of kpi_quota_attainment (a quarter or year uses the rep's attainment of that
    period); by the rep's current team. -#}
with

quota_attainment as (

    select * from {{ ref('kpi_quota_attainment') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

reps_with_quota as (

    select
        quota_attainment.grain,
        quota_attainment.period_start,
        'all' as dim_overall,
        coalesce(users.team_id, 'unknown') as dim_team,
        case when quota_attainment.value >= 1 then 1 else 0 end as numerator_value,
        1 as denominator_value
    from quota_attainment
    left join users
        on quota_attainment.dimension_value = users.user_id
    where quota_attainment.dimension = 'rep'

),

{{ kpi_aggregate(
    records='reps_with_quota',
    kpi_id='reps_at_quota_share',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'team'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='reps_at_quota_share_values'
) }},

final as (

    select * from reps_at_quota_share_values

)

select * from final
