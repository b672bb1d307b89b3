{#-
  kpi_aggregate: the mechanics every KPI shares, written once.

  Reads a CTE of underlying records and returns the KPI in the long shape of kpi_values:
  kpi_id, grain, period_start, dimension, dimension_value, dimension_label,
  numerator, denominator, value, unit.

  records      name of a CTE with one row per underlying record and the columns
                 record_date              the day that places it in a period, or, with
                 grain, period_start      periodized=true, the period it belongs to
                 dim_<dimension>          the member key for each dimension; null = the record
                                          does not count in that dimension (dim_overall = 'all')
                 numerator_value          what the record adds to the numerator (1, an amount...)
                 denominator_value        what it adds to the denominator (ratios/averages)
  kpi_id, unit the catalog's id and unit
  dimensions   the catalog's dimensions, e.g. ['overall', 'rep', 'team']
  value_type   'total'   : value = numerator, denominator null (counts and sums)
               'ratio'   : value = numerator / denominator, null when the denominator is 0
                           (rates and averages: an average is a sum over a count)
               'score'   : value = 100 x numerator / denominator (nps)
  grains       the grains to compute from record_date (ignored when periodized)
  periodized   true when the records already carry grain and period_start

  Rows: a member row wherever the member has records in the period; the overall series has
  every period from the first one with records up to the as-of period (0 / null there).
-#}
{% macro kpi_aggregate(
    records, kpi_id, unit, dimensions, value_type='total',
    grains=['month', 'quarter', 'year'], periodized=false
) %}

{%- if value_type not in ('total', 'ratio', 'score') -%}
    {{ exceptions.raise_compiler_error("kpi_aggregate: unknown value_type " ~ value_type) }}
{%- endif -%}

{{ records }}_in_periods as (

    {%- if periodized %}
    select * from {{ records }}
    where period_start <= {{ as_of_date() }}
    {%- else %}
    {{ kpi_periodize(records, grains) }}
    {%- endif %}

),

{{ records }}_by_member as (

    {%- for dimension in dimensions %}
    select
        grain,
        period_start,
        '{{ dimension }}' as dimension,
        cast(dim_{{ dimension }} as {{ dbt.type_string() }}) as dimension_value,
        numerator_value,
        denominator_value
    from {{ records }}_in_periods
    where dim_{{ dimension }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

{{ records }}_aggregated as (

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        coalesce({{ exact_sum('numerator_value') }}, 0) as numerator,
        coalesce({{ exact_sum('denominator_value') }}, 0) as denominator
    from {{ records }}_by_member
    group by grain, period_start, dimension, dimension_value

),

{{ records }}_first_periods as (

    select
        grain,
        min(period_start) as first_period_start
    from {{ records }}_aggregated
    where dimension = 'overall'
    group by grain

),

{{ records }}_overall_series as (

    select
        kpi_periods.grain,
        kpi_periods.period_start,
        'overall' as dimension,
        'all' as dimension_value,
        coalesce({{ records }}_aggregated.numerator, 0) as numerator,
        coalesce({{ records }}_aggregated.denominator, 0) as denominator
    from {{ ref('int_kpi_periods') }} as kpi_periods
    inner join {{ records }}_first_periods
        on kpi_periods.grain = {{ records }}_first_periods.grain
            and kpi_periods.period_start >= {{ records }}_first_periods.first_period_start
    left join {{ records }}_aggregated
        on kpi_periods.grain = {{ records }}_aggregated.grain
            and kpi_periods.period_start = {{ records }}_aggregated.period_start
            and {{ records }}_aggregated.dimension = 'overall'

),

{{ records }}_rows as (

    select * from {{ records }}_aggregated
    where dimension <> 'overall'
    union all
    select * from {{ records }}_overall_series

),

{{ records }}_kpi as (

    {{ kpi_rows(records ~ '_rows', kpi_id, unit, value_type) }}

)

{% endmacro %}


{#- The final projection shared by every KPI: labels, value from numerator/denominator,
    whether the period is complete, the members' sort order, the currency of money units, and
    the column types kpi_values promises. `rows` has grain, period_start, dimension,
    dimension_value, numerator, denominator.
    dimension_sort_order: 0 for the overall row; else the member's rank in its dimension within
    this KPI - in the dimension's own order where it has one (stages in funnel order, lead
    statuses; int_kpi_dimension_members.member_order), else by label - `unknown` last. -#}
{% macro kpi_rows(rows, kpi_id, unit, value_type) -%}
    select
        cast('{{ kpi_id }}' as {{ dbt.type_string() }}) as kpi_id,
        cast({{ rows }}.grain as {{ dbt.type_string() }}) as grain,
        cast({{ rows }}.period_start as date) as period_start,
        {{ is_complete_period(rows ~ '.grain', rows ~ '.period_start') }} as is_complete_period,
        cast({{ rows }}.dimension as {{ dbt.type_string() }}) as dimension,
        cast({{ rows }}.dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(coalesce(
            dimension_members.dimension_label,
            case
                when {{ rows }}.dimension = 'overall' then 'All'
                when {{ rows }}.dimension_value = 'unknown' then {{ unknown_member_label() }}
            end,
            {{ rows }}.dimension_value
        ) as {{ dbt.type_string() }}) as dimension_label,
        cast(case
            when {{ rows }}.dimension = 'overall' then 0
            else dense_rank() over (
                partition by {{ rows }}.dimension
                order by
                    case when {{ rows }}.dimension_value = 'unknown' then 1 else 0 end,
                    coalesce(dimension_members.member_order, 0),
                    coalesce(dimension_members.dimension_label, {{ rows }}.dimension_value)
            )
        end as {{ dbt.type_int() }}) as dimension_sort_order,
        cast({{ rows }}.numerator as {{ type_double() }}) as numerator,
        {%- if value_type == 'total' %}
        cast(null as {{ type_double() }}) as denominator,
        cast({{ rows }}.numerator as {{ type_double() }}) as value,
        {%- else %}
        cast({{ rows }}.denominator as {{ type_double() }}) as denominator,
        {{ '100.0 * ' if value_type == 'score' }}cast({{ rows }}.numerator as {{ type_double() }})
        / cast(nullif({{ rows }}.denominator, 0) as {{ type_double() }}) as value,
        {%- endif %}
        cast('{{ unit }}' as {{ dbt.type_string() }}) as unit,
        cast({{ unit_currency_code("'" ~ unit ~ "'") }} as {{ dbt.type_string() }}) as currency_code
    from {{ rows }}
    left join {{ ref('int_kpi_dimension_members') }} as dimension_members
        on {{ rows }}.dimension = dimension_members.dimension
            and {{ rows }}.dimension_value = dimension_members.dimension_value
{%- endmacro %}


{#- Place dated records (column record_date) in their calendar periods: one copy per grain,
    with columns grain and period_start added; records after the as-of day are left out. -#}
{% macro kpi_periodize(records, grains=['month', 'quarter', 'year']) -%}
    {%- for grain in grains %}
    select
        '{{ grain }}' as grain,
        cast({{ dbt.date_trunc(grain, records ~ '.record_date') }} as date) as period_start,
        {{ records }}.*
    from {{ records }}
    where {{ records }}.record_date <= {{ as_of_date() }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
