{#- leaderboard_rank is the standard competition rank of won_revenue: a rep's rank is 1 + the
    number of ranked reps of the same period with more won revenue, and every rep row of
    won_revenue (but `unknown`) at month, quarter and year grain has a rank. -#}
with

leaderboard_rank as (

    select * from {{ ref('kpi_leaderboard_rank') }}

),

won_revenue as (

    select * from {{ ref('kpi_won_revenue') }}

),

rep_won_revenue as (

    select
        grain,
        period_start,
        dimension_value,
        value as won_revenue
    from won_revenue
    where
        dimension = 'rep'
        and dimension_value <> 'unknown'
        and grain in ('month', 'quarter', 'year')

),

expected_ranks as (

    select
        ranked_reps.grain,
        ranked_reps.period_start,
        ranked_reps.dimension_value,
        1 + sum(case when rival_reps.won_revenue > ranked_reps.won_revenue then 1 else 0 end) as expected_rank
    from rep_won_revenue as ranked_reps
    inner join rep_won_revenue as rival_reps
        on ranked_reps.grain = rival_reps.grain
            and ranked_reps.period_start = rival_reps.period_start
    group by ranked_reps.grain, ranked_reps.period_start, ranked_reps.dimension_value

),

final as (

    select
        coalesce(expected_ranks.grain, leaderboard_rank.grain) as grain,
        coalesce(expected_ranks.period_start, leaderboard_rank.period_start) as period_start,
        coalesce(expected_ranks.dimension_value, leaderboard_rank.dimension_value) as dimension_value,
        expected_ranks.expected_rank,
        leaderboard_rank.value as leaderboard_rank
    from expected_ranks
    full outer join leaderboard_rank
        on expected_ranks.grain = leaderboard_rank.grain
            and expected_ranks.period_start = leaderboard_rank.period_start
            and expected_ranks.dimension_value = leaderboard_rank.dimension_value
    where
        expected_ranks.grain is null
        or leaderboard_rank.grain is null
        or expected_ranks.expected_rank <> leaderboard_rank.value

)

select * from final
