"""The Grafana dashboard, read as Grafana would provision it."""

import json
from pathlib import Path
from typing import Any

GRAFANA = Path(__file__).resolve().parents[2] / "deploy" / "grafana"
DASHBOARD = GRAFANA / "dashboards" / "jeugdhub.json"
# Grafana fills these in itself; the tests use what it would choose for a 1 s scrape.
GRAFANA_VARIABLES = {"$__rate_interval": "30s"}


def dashboard() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return loaded


def panel_queries() -> list[tuple[str, str]]:
    """(panel title, PromQL as Grafana sends it) for every target of every panel."""
    queries = []
    for panel in dashboard()["panels"]:
        for target in panel["targets"]:
            expr = target["expr"]
            for variable, value in GRAFANA_VARIABLES.items():
                expr = expr.replace(variable, value)
            queries.append((panel["title"], expr))
    return queries
