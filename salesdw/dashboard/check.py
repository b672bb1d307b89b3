"""Every chart of every dashboard of dashboards/, run through Superset's REST API: the
dashboard exists, has its charts, and each chart's data query returns rows without error."""

from __future__ import annotations

from salesdw.dashboard.api import SupersetApi
from salesdw.dashboard.catalog import dashboard_chart_uuids
from salesdw.dashboard.chart_query import query_context


def _error(status: int, payload: dict) -> str | None:
    if status != 200:
        return f"HTTP {status}: {payload.get('message') or payload.get('errors') or payload}"
    for result in payload.get("result", []):
        if result.get("error"):
            return str(result["error"])
        if not result.get("rowcount") and not result.get("data"):
            return "the query returned no rows"
    return None


def check_charts(
    base_url: str, username: str, password: str, configs: dict[str, dict]
) -> tuple[list[str], list[tuple[str, int]]]:
    """(failures naming dashboard, chart and error; (slug, chart count) of each dashboard)."""
    api = SupersetApi(base_url, username, password)
    live = {d["slug"]: d for d in api.dashboards()}
    failures, dashboards = [], []
    for name, dashboard in configs.items():
        if not name.startswith("dashboards/"):
            continue
        slug, expected = dashboard["slug"], len(dashboard_chart_uuids(dashboard))
        if slug not in live:
            failures.append(f"{slug}: the dashboard is not in Superset after the import")
            continue
        dashboards.append((slug, expected))
        charts = api.dashboard_charts(live[slug]["id"])
        if len(charts) != expected:
            failures.append(f"{slug}: {len(charts)} charts in Superset, {expected} in {name}")
        for chart in charts:
            form_data = chart["form_data"]
            dataset_id = int(str(form_data["datasource"]).split("__")[0])
            status, payload = api.chart_data(query_context(form_data, dataset_id))
            error = _error(status, payload)
            rows = sum(r.get("rowcount") or 0 for r in payload.get("result", []) or [])
            if error:
                failures.append(f"{slug}: chart '{chart['slice_name']}': {error}")
            print(
                f"  {slug}: {chart['slice_name']}: {'FAILED: ' + error if error else f'{rows} rows'}",
                flush=True,
            )
    return failures, dashboards


def _all_datasets(api: SupersetApi) -> list[dict]:
    """Every dataset, page by page (Superset returns at most 100 a page)."""
    datasets, page = [], 0
    while True:
        result = api.get("/api/v1/dataset/", q=f"(page:{page},page_size:100)")["result"]
        datasets += result
        if len(result) < 100:
            return datasets
        page += 1


def check_descriptions(base_url: str, username: str, password: str) -> list[str]:
    """Every column of every physical dataset in Superset has a description (the dbt docs the
    import carried over from the BI file's comments): what a sales leader sees when hovering a
    column in Explore. Returns the failures; prints how many columns were checked."""
    api = SupersetApi(base_url, username, password)
    failures, checked = [], 0
    for dataset in _all_datasets(api):
        detail = api.get(f"/api/v1/dataset/{dataset['id']}")["result"]
        if detail.get("sql"):
            continue
        for column in detail.get("columns") or []:
            if column.get("expression"):
                continue
            checked += 1
            if not (column.get("description") or "").strip():
                failures.append(
                    f"dataset {detail['table_name']}: column {column['column_name']} has no description"
                )
    print(
        f"  column descriptions: {checked - len(failures)} of {checked} columns of the physical datasets",
        flush=True,
    )
    if not checked:
        failures.append("no physical dataset column found in Superset")
    return failures
