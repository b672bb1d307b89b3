{#-
  kpi_aggregate: the mechanics every KPI shares, written once.

  Reads a CTE of underlying records and emits CTEs ending in `output`, the KPI in the long
  shape of kpi_values: kpi_id, grain, period_start, is_complete_period, dimension,
  dimension_value, dimension_label, dimension_sort_order, numerator, denominator, value,
  unit, currency_code. It reads only the CTEs it is given (no ref): the model imports them.

  Called with keyword arguments only, e.g.
    {{ kpi_aggregate(
        records='closed_deals', kpi_id='win_rate', unit='ratio', value_type='ratio',
        dimensions=['overall', 'rep'], kpi_periods='kpi_periods',
        dimension_members='dimension_members', output='win_rate_by_member'
    ) }},
    final as (select * from win_rate_by_member)

  Required (a compiler error names the one missing):
  records      name of a CTE with one row per underlying record and the columns
                 record_date              the day that places it in a period, or, with
                 grain, period_start      periodized=true, the period it belongs to
                 dim_<dimension>          the member key for each dimension; null = the record
                                          does not count in that dimension (dim_overall = 'all')
                 numerator_value          what the record adds to the numerator (1, an amount...)
                 denominator_value        what it adds to the denominator (ratios/averages)
  kpi_id       the catalog's id
  unit         the catalog's unit ('count', 'currency', 'ratio', 'days', ...)
  value_type   'total'   : value = numerator, denominator null (counts and sums)
               'ratio'   : value = numerator / denominator, null when the denominator is 0
                           (rates and averages: an average is a sum over a count)
               'score'   : value = 100 x numerator / denominator (nps)
  dimensions   the catalog's dimensions, e.g. ['overall', 'rep', 'team']
  kpi_periods  name of the CTE of int_kpi_periods (grain, period_start: every period up to
               the as-of period), which gives the overall series its periods
  dimension_members
               name of the CTE of int_kpi_dimension_members (labels and member order)
  output       the name of the last CTE emitted, the KPI rows; the other CTEs emitted are
               named <output>_in_periods, _dimension_list, _by_dimension, _by_member,
               _aggregated, _first_periods and _rows
  Optional:
  grains       the grains to compute from record_date (ignored when periodized);
               default ['month', 'quarter', 'year']
  periodized   true when the records already carry grain and period_start; default false
  measured     name of a one-row CTE with a boolean column is_measured: false when the input
               does not record what the numerator counts at all (e.g. reply sentiment in
               HubSpot); numerator and value are then null in every row: no value, not 0.
               Default: the numerator is always measured

  Rows: a member row wherever the member has records in the period; the overall series has
  every period from the first one with records up to the as-of period (0 / null there).
-#}
{% macro kpi_aggregate(
    records=none, kpi_id=none, unit=none, value_type=none, dimensions=none,
    kpi_periods=none, dimension_members=none, output=none,
    grains=['month', 'quarter', 'year'], periodized=false, measured=none
) %}

{%- do require_keyword_arguments('kpi_aggregate', {
    'records': records, 'kpi_id': kpi_id, 'unit': unit, 'value_type': value_type,
    'dimensions': dimensions, 'kpi_periods': kpi_periods,
    'dimension_members': dimension_members, 'output': output,
}) -%}
{%- if value_type not in ('total', 'ratio', 'score') -%}
    {{ exceptions.raise_compiler_error("kpi_aggregate: unknown value_type " ~ value_type) }}
{%- endif -%}

{{ output }}_in_periods as (

    {%- if periodized %}
    select * from {{ records }}
    where period_start <= {{ as_of_date() }}
    {%- else %}
    {{ kpi_periodize(records=records, grains=grains) }}
    {%- endif %}

),

{{ output }}_dimension_list as (

    {%- for dimension in dimensions %}
    select '{{ dimension }}' as dimension
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

{#- Each record once per dimension, with its member key there: the records are read once
    (a union of one read per dimension recomputed them per dimension on Spark, which inlines
    a CTE at every read). #}
{{ output }}_by_dimension as (

    select
        in_periods.grain,
        in_periods.period_start,
        dimension_list.dimension,
        case dimension_list.dimension
            {%- for dimension in dimensions %}
            when '{{ dimension }}' then cast(in_periods.dim_{{ dimension }} as {{ dbt.type_string() }})
            {%- endfor %}
        end as dimension_value,
        in_periods.numerator_value,
        in_periods.denominator_value
    from {{ output }}_in_periods as in_periods
    cross join {{ output }}_dimension_list as dimension_list

),

{#- The members' records, and one empty row per calendar period (kpi_periods) for the overall
    series: every row of the KPI comes from one grouping of this, read once. #}
{{ output }}_by_member as (

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        numerator_value,
        denominator_value,
        1 as record_count,
        0 as calendar_period_count
    from {{ output }}_by_dimension
    where dimension_value is not null
    union all
    select
        grain,
        period_start,
        'overall' as dimension,
        'all' as dimension_value,
        cast(null as {{ type_double() }}) as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value,
        0 as record_count,
        1 as calendar_period_count
    from {{ kpi_periods }}

),

{{ output }}_aggregated as (

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        coalesce({{ exact_sum('numerator_value') }}, 0) as numerator,
        coalesce({{ exact_sum('denominator_value') }}, 0) as denominator,
        sum(record_count) as record_count,
        sum(calendar_period_count) as calendar_period_count
    from {{ output }}_by_member
    group by grain, period_start, dimension, dimension_value

),

{{ output }}_first_periods as (

    select
        *,
        min(case when record_count > 0 then period_start end)
            over (partition by grain, dimension) as first_period_start
    from {{ output }}_aggregated

),

{#- A member's rows: the periods it has records in. The overall series: every calendar period
    from the first one with records (0 / null where a period has none). #}
{{ output }}_rows as (

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        numerator,
        denominator
    from {{ output }}_first_periods
    where dimension <> 'overall'
        or (calendar_period_count > 0 and period_start >= first_period_start)

),

{{ output }} as (

    {{ kpi_rows(
        rows=output ~ '_rows', kpi_id=kpi_id, unit=unit, value_type=value_type,
        dimension_members=dimension_members, measured=measured
    ) }}

)

{% endmacro %}


{#- kpi_rows: the final projection shared by every KPI: labels, value from numerator/denominator,
    whether the period is complete, the members' sort order, the currency of money units, and
    the column types kpi_values promises. A select statement: the caller puts it in a CTE it
    names (kpi_aggregate and kpi_growth do so in their `output`). Keyword arguments only,
    all required (a compiler error names the one missing):
      rows               name of a CTE with grain, period_start, dimension, dimension_value,
                         numerator, denominator
      kpi_id, unit       the catalog's id and unit
      value_type         'total', 'ratio' or 'score', as in kpi_aggregate
      dimension_members  name of the CTE of int_kpi_dimension_members (labels, member order)
    Optional:
      measured           name of a one-row CTE with a boolean is_measured, as in kpi_aggregate:
                         when false, numerator and value are null
    Inside, the CTEs are aliased period_rows, members and measured.
    dimension_sort_order: 0 for the overall row; else the member's rank in its dimension within
    this KPI - in the dimension's own order where it has one (stages in funnel order, lead
    statuses; int_kpi_dimension_members.member_order), else by label - `unknown` last. -#}
{% macro kpi_rows(
    rows=none, kpi_id=none, unit=none, value_type=none, dimension_members=none, measured=none
) -%}
    {%- do require_keyword_arguments('kpi_rows', {
        'rows': rows, 'kpi_id': kpi_id, 'unit': unit, 'value_type': value_type,
        'dimension_members': dimension_members,
    }) -%}
    {%- if value_type not in ('total', 'ratio', 'score') -%}
        {{ exceptions.raise_compiler_error("kpi_rows: unknown value_type " ~ value_type) }}
    {%- endif %}
    select
        cast('{{ kpi_id }}' as {{ dbt.type_string() }}) as kpi_id,
        cast(period_rows.grain as {{ dbt.type_string() }}) as grain,
        cast(period_rows.period_start as date) as period_start,
        {{ is_complete_period('period_rows.grain', 'period_rows.period_start') }} as is_complete_period,
        cast(period_rows.dimension as {{ dbt.type_string() }}) as dimension,
        cast(period_rows.dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(coalesce(
            members.dimension_label,
            case
                when period_rows.dimension = 'overall' then 'All'
                when period_rows.dimension_value = 'unknown' then {{ unknown_member_label() }}
            end,
            period_rows.dimension_value
        ) as {{ dbt.type_string() }}) as dimension_label,
        cast(case
            when period_rows.dimension = 'overall' then 0
            else dense_rank() over (
                partition by period_rows.dimension
                order by
                    case when period_rows.dimension_value = 'unknown' then 1 else 0 end,
                    coalesce(members.member_order, 0),
                    coalesce(members.dimension_label, period_rows.dimension_value)
            )
        end as {{ dbt.type_int() }}) as dimension_sort_order,
        {%- set numerator -%}
            {%- if measured -%}
                case when measured.is_measured then period_rows.numerator end
            {%- else -%}
                period_rows.numerator
            {%- endif -%}
        {%- endset %}
        cast({{ numerator }} as {{ type_double() }}) as numerator,
        {%- if value_type == 'total' %}
        cast(null as {{ type_double() }}) as denominator,
        cast({{ numerator }} as {{ type_double() }}) as value,
        {%- else %}
        cast(period_rows.denominator as {{ type_double() }}) as denominator,
        {{ '100.0 * ' if value_type == 'score' }}cast({{ numerator }} as {{ type_double() }})
        / cast(nullif(period_rows.denominator, 0) as {{ type_double() }}) as value,
        {%- endif %}
        cast('{{ unit }}' as {{ dbt.type_string() }}) as unit,
        cast({{ unit_currency_code("'" ~ unit ~ "'") }} as {{ dbt.type_string() }}) as currency_code
    from {{ rows }} as period_rows
    left join {{ dimension_members }} as members
        on period_rows.dimension = members.dimension
            and period_rows.dimension_value = members.dimension_value
    {%- if measured %}
    cross join {{ measured }} as measured
    {%- endif %}
{%- endmacro %}


{#- kpi_periodize: place dated records in their calendar periods: one copy per grain, with
    columns grain and period_start added; records after the as-of day are left out. A select
    statement: the caller puts it in a CTE it names. Keyword arguments only:
      records  name of a CTE with a column record_date (required)
      grains   the grains, default ['month', 'quarter', 'year'] -#}
{% macro kpi_periodize(records=none, grains=['month', 'quarter', 'year']) -%}
    {%- do require_keyword_arguments('kpi_periodize', {'records': records}) -%}
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
