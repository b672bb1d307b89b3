{#- Account MRR per period, for grains month, quarter and year, with the movement that
    brought it there from the previous period of the same grain. A period's MRR is the MRR
    of its last month (up to the as-of month). Movements (catalog, Subscriptions):
      new          > 0 now, 0 before, never > 0 at any month before the period
      reactivation > 0 now, 0 before, > 0 at some month before the period
      expansion    both > 0 and it rose;  contraction: both > 0 and it fell
      churn        0 now, > 0 before
    Rows: periods where the account's MRR or its previous MRR is > 0. -#}
with

subscription_mrr as (

    select * from {{ ref('int_subscription_mrr_monthly') }}

),

dates as (

    select * from {{ ref('dim_dates') }}

),

months as (

    select distinct month_start_date
    from dates
    where month_start_date <= {{ as_of_date() }}

),

account_first_months as (

    select
        account_id,
        min(month_start_date) as first_month_start_date
    from subscription_mrr
    group by account_id

),

account_month_mrr as (

    select
        account_id,
        month_start_date,
        {{ exact_sum('coalesce(mrr_reporting, 0)') }} as mrr
    from subscription_mrr
    group by account_id, month_start_date

),

dense_account_months as (

    select
        account_first_months.account_id,
        months.month_start_date,
        coalesce(account_month_mrr.mrr, 0) as mrr
    from account_first_months
    inner join months
        on account_first_months.first_month_start_date <= months.month_start_date
    left join account_month_mrr
        on account_first_months.account_id = account_month_mrr.account_id
            and months.month_start_date = account_month_mrr.month_start_date

),

running_history as (

    select
        *,
        max(case when mrr > 0 then 1 else 0 end) over (
            partition by account_id order by month_start_date
            rows between unbounded preceding and current row
        ) as has_paid_through_month
    from dense_account_months

),

{% for grain in ['month', 'quarter', 'year'] %}
{{ grain }}_closing as (

    select
        '{{ grain }}' as grain,
        account_id,
        cast({{ dbt.date_trunc(grain, 'month_start_date') }} as date) as period_start_date,
        month_start_date,
        mrr,
        has_paid_through_month,
        row_number() over (
            partition by account_id, {{ dbt.date_trunc(grain, 'month_start_date') }}
            order by month_start_date desc
        ) as month_rank_desc
    from running_history

),

{% endfor %}
period_closing as (

    {% for grain in ['month', 'quarter', 'year'] %}
    select * from {{ grain }}_closing
    where month_rank_desc = 1
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

with_previous as (

    select
        grain,
        account_id,
        period_start_date,
        month_start_date as closing_month_start_date,
        mrr,
        coalesce(
            lag(mrr) over (partition by grain, account_id order by period_start_date), 0
        ) as previous_mrr,
        coalesce(
            lag(has_paid_through_month) over (
                partition by grain, account_id order by period_start_date
            ),
            0
        ) = 1 as has_paid_before_period
    from period_closing

),

classified as (

    select
        *,
        case
            when mrr > 0 and previous_mrr = 0 and not has_paid_before_period then 'new'
            when mrr > 0 and previous_mrr = 0 then 'reactivation'
            when mrr > 0 and mrr > previous_mrr then 'expansion'
            when mrr > 0 and mrr < previous_mrr then 'contraction'
            when mrr = 0 and previous_mrr > 0 then 'churn'
            else 'unchanged'
        end as movement_category
    from with_previous
    where mrr > 0 or previous_mrr > 0

),

final as (

    select
        {{ dbt.concat([
            'grain', "':'", 'account_id', "':'",
            "cast(period_start_date as " ~ dbt.type_string() ~ ")"
        ]) }} as account_period_id,
        grain,
        account_id,
        period_start_date,
        closing_month_start_date,
        mrr,
        previous_mrr,
        has_paid_before_period,
        movement_category,
        case when movement_category = 'new' then mrr else 0 end as mrr_new,
        case when movement_category = 'reactivation' then mrr else 0 end as mrr_reactivation,
        case when movement_category = 'expansion' then mrr - previous_mrr else 0 end as mrr_expansion,
        case when movement_category = 'contraction' then previous_mrr - mrr else 0 end
            as mrr_contraction,
        case when movement_category = 'churn' then previous_mrr else 0 end as mrr_churned
    from classified

)

select * from final
