"""The dbt docs landing page: the `__overview__` docs block (models/overview.md) is the
project's (not dbt's default), and every link in it opens a node of the project."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
import yaml

from .conftest import PROJECT_DIR, SAMPLE_AS_OF, dbt_env, run_dbt

PROJECT = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["name"]


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    """The project's parsed manifest (dbt parse of the sample settings)."""
    tmp_path = tmp_path_factory.mktemp("parse")
    parse = run_dbt(["parse"], dbt_env(tmp_path / "w.duckdb", SAMPLE_AS_OF), tmp_path)
    assert parse.returncode == 0, parse.stdout[-3000:] + parse.stderr[-2000:]
    return json.loads((tmp_path / "target" / "manifest.json").read_text())


def test_the_overview_is_the_projects_landing_page_and_its_links_open_nodes(manifest):
    overview = manifest["docs"].get(f"doc.{PROJECT}.__overview__")
    assert overview, [name for name in manifest["docs"] if "overview" in name]
    text = overview["block_contents"]
    assert overview["original_file_path"] == "models/overview.md"
    for section in ("KPI catalog", "conventions", "subject marts", "Data quality"):
        assert section in text, section
    links = re.findall(r"\]\(#!/(\w+)/([^)]+)\)", text)
    assert len(links) > 20
    nodes = set(manifest["nodes"])
    assert [
        f"{kind}/{uid}" for kind, uid in links if uid not in nodes or not uid.startswith(f"{kind}.{PROJECT}.")
    ] == []
    subject = {path.stem for path in (PROJECT_DIR / "models/reporting").glob("mart_*.sql")}
    linked = {uid.split(".")[-1] for _, uid in links}
    assert subject <= linked, subject - linked
    # the conventions the overview points at are shown on the kpi_values page
    assert "How every KPI row is built" in manifest["nodes"][f"model.{PROJECT}.kpi_values"]["description"]


def test_what_bi_reads_is_public_with_an_enforced_contract(manifest):
    """Every model a dashboard reads (exposures.yml) is public, and every public model has an
    enforced contract whose columns all state a data type: a change of a column's name or type
    fails the build instead of a dashboard (dbt-project-evaluator's exposure-access rule)."""
    models = {uid: node for uid, node in manifest["nodes"].items() if node["resource_type"] == "model"}
    exposures = manifest["exposures"].values()
    read_by_bi = {uid for exposure in exposures for uid in exposure["depends_on"]["nodes"]}
    assert len(read_by_bi) >= 15
    assert sorted(uid for uid in read_by_bi if models[uid]["access"] != "public") == []
    public = [node for node in models.values() if node["access"] == "public"]
    assert sorted(node["name"] for node in public if not node["contract"]["enforced"]) == []
    untyped = [
        f"{node['name']}.{column['name']}"
        for node in public
        for column in node["columns"].values()
        if not column.get("data_type")
    ]
    assert untyped == []


def test_the_documents_link_only_inside_the_repository():
    """README, docs/ and the models' docs files link only to files of the repository (a clone has
    nothing beside it), and every relative link opens a file that exists."""
    documents = [
        PROJECT_DIR / "README.md",
        *sorted((PROJECT_DIR / "docs").glob("*.md")),
        *sorted((PROJECT_DIR / "models").rglob("*.md")),
        *sorted((PROJECT_DIR / "seeds").rglob("*.md")),
    ]
    broken = []
    for path in documents:
        text = path.read_text(encoding="utf-8")
        for outside in ("../shared", "/work/"):
            if outside in text:
                broken.append(f"{path.relative_to(PROJECT_DIR)} mentions {outside}")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            if not (path.parent / target.split("#")[0]).resolve().exists():
                broken.append(f"{path.relative_to(PROJECT_DIR)} links to {target}, which does not exist")
            elif not (path.parent / target).resolve().is_relative_to(PROJECT_DIR):
                broken.append(f"{path.relative_to(PROJECT_DIR)} links outside the repository: {target}")
    assert broken == []


def test_no_file_refers_to_documents_outside_the_repository():
    """The contract and the KPI catalog are the project's own (docs/): no tracked file names the
    documents the project started from, or a path on one machine."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout.split()
    outside = re.compile(r"\.\./shared|/work/|KPI_CATALOG\.md|CRM_CONTRACT\.md")
    found = []
    for name in tracked:
        path = PROJECT_DIR / name
        if (
            path.suffix not in (".md", ".py", ".sql", ".yml", ".yaml", ".toml", ".csv", ".cfg")
            and path.name != "Makefile"
            or path == PROJECT_DIR / "tests/python/test_docs.py"
        ):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if outside.search(line):
                found.append(f"{name}:{number}: {line.strip()[:80]}")
    assert found == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_docs_serve_serves_the_docs_and_nothing_else_of_target(manifest, tmp_path):
    """`make docs-serve` serves index.html, manifest.json and catalog.json only: compiled SQL,
    logs and run results that sit beside them in target/ stay unreachable (they were served)."""
    docs_from = tmp_path / "target"
    (docs_from / "compiled").mkdir(parents=True)
    (docs_from / "manifest.json").write_text(json.dumps(manifest))
    (docs_from / "catalog.json").write_text(json.dumps({"nodes": {}, "sources": {}, "metadata": {}}))
    (docs_from / "run_results.json").write_text("{}")
    (docs_from / "build.log").write_text("a build log")
    (docs_from / "compiled" / "model.sql").write_text("select 1")
    port = _free_port()
    server = subprocess.Popen(
        ["make", "--no-print-directory", "docs-serve", f"DOCS_FROM={docs_from}", f"DOCS_PORT={port}"],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _status(f"{base}/index.html") == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, "make docs-serve did not serve index.html in 120 s"
            time.sleep(0.5)
        assert _status(f"{base}/manifest.json") == 200
        assert _status(f"{base}/catalog.json") == 200
        for private in ("run_results.json", "build.log", "compiled/model.sql"):
            assert _status(f"{base}/{private}") == 404, private
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
