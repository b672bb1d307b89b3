"""The project's Superset dashboards as code (dashboards/) and the tooling of `make dashboard`
and `make test-dashboard`: bundle (the import zip), catalog (the YAML's references checked
against the BI file), chart_query (a chart's data query from its params), home (Superset's
git-ignored home and login), server (init, import, start, stop), api (REST client), screenshot
(headless Chromium). Superset itself is imported only by the processes this starts."""

from __future__ import annotations


class DashboardError(Exception):
    """A failure with a message for the user (what failed and what to do); no traceback."""
