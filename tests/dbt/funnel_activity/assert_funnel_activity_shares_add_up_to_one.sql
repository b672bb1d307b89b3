{#- The share KPIs split one whole: in every period, leads_by_status_share's statuses and
    time_allocation_share's categories share one denominator, their numerators add up to it, and
    their values add up to 1 (null only when nothing was logged). Returns the periods where that fails. -#}
with

share_rows as (

    {%- for kpi_model in ['kpi_leads_by_status_share', 'kpi_time_allocation_share'] %}
    select
        kpi_id,
        grain,
        period_start,
        numerator,
        denominator,
        value
    from {{ ref(kpi_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

period_totals as (

    select
        kpi_id,
        grain,
        period_start,
        sum(numerator) as numerator_sum,
        min(denominator) as min_denominator,
        max(denominator) as max_denominator,
        sum(value) as value_sum
    from share_rows
    group by kpi_id, grain, period_start

),

final as (

    select * from period_totals
    where
        min_denominator <> max_denominator
        or abs(numerator_sum - max_denominator) > 1e-6 * (1 + abs(max_denominator))
        or abs(value_sum - 1) > 1e-9
        or (value_sum is null and max_denominator > 0)

)

select * from final
