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
    'reps_with_quota', 'reps_at_quota_share', 'ratio',
    ['overall', 'team'],
    value_type='ratio', periodized=true
) }},

final as (

    select * from reps_with_quota_kpi

)

select * from final
