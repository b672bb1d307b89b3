{#- leaderboard_rank: rank of each rep by won_revenue in the period (1 = top; ties share a
    rank: standard competition ranking, 1, 1, 3); month, quarter and year, each from that
    period's own won_revenue (kpi_won_revenue, dimension rep). Reps with won deals in the
    period only; the `unknown` member (deals without a current owner) is not a rep and is
    not ranked. Z's "top 3 reps" is rank <= 3. -#}
with

won_revenue as (

    select * from {{ ref('kpi_won_revenue') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

rep_won_revenue as (

    select
        grain,
        period_start,
        dimension_value as user_id,
        value as won_revenue
    from won_revenue
    where
        dimension = 'rep'
        and dimension_value <> 'unknown'
        and grain in ('month', 'quarter', 'year')

),

rep_ranks as (

    select
        grain,
        period_start,
        'rep' as dimension,
        user_id as dimension_value,
        rank() over (partition by grain, period_start order by won_revenue desc) as numerator,
        cast(null as {{ type_double() }}) as denominator
    from rep_won_revenue

),

rep_ranks_kpi as (

    {{ kpi_rows(
        rows='rep_ranks',
        kpi_id='leaderboard_rank',
        unit='count',
        value_type='total',
        dimension_members='dimension_members'
    ) }}

),

final as (

    select * from rep_ranks_kpi

)

select * from final
