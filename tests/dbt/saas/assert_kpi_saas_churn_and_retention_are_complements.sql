{#- customer_churn_rate and customer_retention_rate count the same accounts (paying at the end
    of the previous period): the same rows, the same denominators, and every such account either
    churned or was retained, so the two numerators add up to the denominator. Fails with the rows
    where one KPI has no row or the counts do not add up. -#}
with

churn as (

    select * from {{ ref('kpi_customer_churn_rate') }}

),

retention as (

    select * from {{ ref('kpi_customer_retention_rate') }}

),

comparison as (

    select
        coalesce(churn.grain, retention.grain) as grain,
        coalesce(churn.period_start, retention.period_start) as period_start,
        coalesce(churn.dimension, retention.dimension) as dimension,
        coalesce(churn.dimension_value, retention.dimension_value) as dimension_value,
        churn.numerator as churned_accounts,
        retention.numerator as retained_accounts,
        churn.denominator as churn_denominator,
        retention.denominator as retention_denominator
    from churn
    full outer join retention
        on churn.grain = retention.grain
            and churn.period_start = retention.period_start
            and churn.dimension = retention.dimension
            and churn.dimension_value = retention.dimension_value

)

select *
from comparison
where
    churned_accounts is null
    or retained_accounts is null
    or churn_denominator <> retention_denominator
    or churned_accounts + retained_accounts <> churn_denominator
