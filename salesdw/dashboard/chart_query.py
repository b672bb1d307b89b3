"""A chart's data query for Superset's POST /api/v1/chart/data, built from the chart's params
(what the chart stores), the way Superset's frontend builds it for the viz types the
dashboards use: adhoc filters split into simple filters and a SQL where clause, the x-axis as
the base axis (with its time grain), the metrics, the groupby or raw columns, the sort."""

from __future__ import annotations

OPERATORS = {
    "==": "==",
    "!=": "!=",
    "IN": "IN",
    "NOT IN": "NOT IN",
    ">": ">",
    ">=": ">=",
    "<": "<",
    "<=": "<=",
    "IS NULL": "IS NULL",
    "IS NOT NULL": "IS NOT NULL",
    "IS TRUE": "IS TRUE",
    "IS FALSE": "IS FALSE",
    "LIKE": "LIKE",
    "TEMPORAL_RANGE": "TEMPORAL_RANGE",
}


def split_filters(adhoc_filters: list[dict]) -> tuple[list[dict], str]:
    """Superset's simple filters ({col, op, val}) and the SQL where clause of adhoc filters."""
    simple, where = [], []
    for adhoc in adhoc_filters or []:
        if adhoc.get("clause", "WHERE") != "WHERE":
            continue
        if adhoc["expressionType"] == "SQL":
            where.append(f"({adhoc['sqlExpression']})")
        else:
            operator = OPERATORS[adhoc["operator"]]
            entry = {"col": adhoc["subject"], "op": operator}
            if operator not in ("IS NULL", "IS NOT NULL", "IS TRUE", "IS FALSE"):
                entry["val"] = adhoc.get("comparator")
            simple.append(entry)
    return simple, " AND ".join(where)


def _x_axis(params: dict) -> list:
    x_axis = params.get("x_axis")
    if not x_axis:
        return []
    column = {"columnType": "BASE_AXIS", "sqlExpression": x_axis, "label": x_axis, "expressionType": "SQL"}
    if params.get("time_grain_sqla"):
        column["timeGrain"] = params["time_grain_sqla"]
    return [column]


def _query(params: dict, metrics: list, groupby: list, adhoc_filters: list, row_limit) -> dict:
    filters, where = split_filters(adhoc_filters)
    query = {
        "columns": _x_axis(params) + list(groupby),
        "metrics": metrics,
        "filters": filters,
        "extras": {"where": where, "having": ""},
        "row_limit": row_limit or 10000,
        "orderby": [],
    }
    if params.get("time_grain_sqla"):
        query["extras"]["time_grain_sqla"] = params["time_grain_sqla"]
    return query


def queries(params: dict) -> list[dict]:
    """The query objects of a chart (two for a mixed timeseries, else one)."""
    viz = params["viz_type"]
    if viz == "mixed_timeseries":
        return [
            _query(
                params,
                params.get("metrics", []),
                params.get("groupby", []),
                params.get("adhoc_filters", []),
                params.get("row_limit"),
            ),
            _query(
                params,
                params.get("metrics_b", []),
                params.get("groupby_b", []),
                params.get("adhoc_filters_b", []),
                params.get("row_limit_b"),
            ),
        ]
    if viz in ("big_number", "big_number_total"):
        query = _query(params, [params["metric"]], [], params.get("adhoc_filters", []), 10000)
        if viz == "big_number":
            query["orderby"] = [[query["columns"][0]["sqlExpression"], True]] if query["columns"] else []
        return [query]
    if viz == "table" and params.get("query_mode") == "raw":
        filters, where = split_filters(params.get("adhoc_filters", []))
        return [
            {
                "columns": list(params.get("all_columns", [])),
                "metrics": [],
                "filters": filters,
                "extras": {"where": where, "having": ""},
                "row_limit": params.get("row_limit") or 1000,
                "orderby": [],
                "is_timeseries": False,
            }
        ]
    metrics = list(params.get("metrics", []))
    query = _query(
        params, metrics, params.get("groupby", []), params.get("adhoc_filters", []), params.get("row_limit")
    )
    sort = params.get("timeseries_limit_metric")
    if sort:
        query["orderby"] = [[sort, not params.get("order_desc", True)]]
    return [query]


def query_context(params: dict, dataset_id: int) -> dict:
    """The body of POST /api/v1/chart/data for a chart of the dataset with this id."""
    return {
        "datasource": {"id": dataset_id, "type": "table"},
        "force": True,
        "queries": queries(params),
        "form_data": params,
        "result_format": "json",
        "result_type": "full",
    }
