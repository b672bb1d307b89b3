"""A small client of Superset's REST API: log in (JWT + CSRF token), import the dashboards
zip, export dashboards, list the dashboards and their charts, run a chart's data query."""

from __future__ import annotations

from pathlib import Path

import requests

from salesdw.dashboard import DashboardError


class SupersetApi:
    def __init__(self, base_url: str, username: str, password: str):
        self.base = base_url.rstrip("/")
        self.session = requests.Session()
        try:
            login = self.session.post(
                f"{self.base}/api/v1/security/login",
                json={"username": username, "password": password, "provider": "db", "refresh": False},
                timeout=60,
            )
        except requests.RequestException as error:
            raise DashboardError(f"Superset does not answer at {self.base}: {error}") from None
        if login.status_code != 200:
            raise DashboardError(
                f"Could not log in to Superset at {self.base} as {username} "
                f"(HTTP {login.status_code}): {login.text[:300]}"
            )
        self.session.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        token = self.get("/api/v1/security/csrf_token/")["result"]
        self.session.headers.update({"X-CSRFToken": token, "Referer": self.base})

    def get(self, path: str, **params) -> dict:
        response = self.session.get(f"{self.base}{path}", params=params, timeout=120)
        if response.status_code != 200:
            raise DashboardError(f"GET {path} failed (HTTP {response.status_code}): {response.text[:300]}")
        return response.json()

    def dashboards(self) -> list[dict]:
        return self.get("/api/v1/dashboard/", q="(page_size:100)")["result"]

    def dashboard_charts(self, dashboard_id: int) -> list[dict]:
        return self.get(f"/api/v1/dashboard/{dashboard_id}/charts")["result"]

    def import_assets(self, bundle: Path) -> None:
        """Import a zip of Superset's export format, overwriting what it holds (databases,
        datasets, charts, dashboards): a re-run applies every edit of dashboards/."""
        with open(bundle, "rb") as handle:
            response = self.session.post(
                f"{self.base}/api/v1/assets/import/",
                timeout=300,
                files={"bundle": (bundle.name, handle, "application/zip")},
            )
        if response.status_code != 200:
            raise DashboardError(
                f"Superset refused the dashboards of {bundle} (HTTP {response.status_code}): "
                f"{response.text[:1500]}"
            )

    def export_dashboards(self, ids: list[int]) -> bytes:
        """Superset's export zip of these dashboards (with their charts, datasets, database)."""
        response = self.session.get(
            f"{self.base}/api/v1/dashboard/export/",
            params={"q": f"!({','.join(str(i) for i in ids)})"},
            timeout=300,
        )
        if response.status_code != 200:
            raise DashboardError(
                f"Superset could not export dashboards {ids} (HTTP {response.status_code}): "
                f"{response.text[:300]}"
            )
        return response.content

    def chart_data(self, body: dict) -> tuple[int, dict]:
        response = self.session.post(f"{self.base}/api/v1/chart/data", json=body, timeout=300)
        try:
            payload = response.json()
        except ValueError:
            payload = {"message": response.text[:500]}
        return response.status_code, payload
