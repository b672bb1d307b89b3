"""The dbt docs landing page: the `__overview__` docs block (models/overview.md) is the
project's (not dbt's default), and every link in it opens a node of the project."""
from __future__ import annotations

import json
import re
import subprocess

import yaml

from .conftest import BIN, PROJECT_DIR, SAMPLE_AS_OF, dbt_env

PROJECT = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["name"]


def test_the_overview_is_the_projects_landing_page_and_its_links_open_nodes(tmp_path):
    parse = subprocess.run(
        [str(BIN / "dbt"), "parse", "--target-path", str(tmp_path / "target"), "--log-path",
         str(tmp_path / "logs")],
        cwd=PROJECT_DIR, env=dbt_env(tmp_path / "unused.duckdb", SAMPLE_AS_OF), capture_output=True,
        text=True, timeout=600)
    assert parse.returncode == 0, parse.stdout[-3000:] + parse.stderr[-2000:]
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    overview = manifest["docs"].get(f"doc.{PROJECT}.__overview__")
    assert overview, [name for name in manifest["docs"] if "overview" in name]
    text = overview["block_contents"]
    assert overview["original_file_path"] == "models/overview.md"
    for section in ("KPI catalog", "conventions", "subject marts", "Data quality"):
        assert section in text, section
    links = re.findall(r"\]\(#!/(\w+)/([^)]+)\)", text)
    assert len(links) > 20
    nodes = set(manifest["nodes"])
    assert [f"{kind}/{uid}" for kind, uid in links if uid not in nodes or not uid.startswith(f"{kind}.{PROJECT}.")] == []
    subject = {path.stem for path in (PROJECT_DIR / "models/reporting").glob("mart_*.sql")}
    linked = {uid.split(".")[-1] for _, uid in links}
    assert subject <= linked, subject - linked
    # the conventions the overview points at are shown on the kpi_values page
    assert "How every KPI row is built" in manifest["nodes"][f"model.{PROJECT}.kpi_values"]["description"]
