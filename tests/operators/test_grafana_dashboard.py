"""The Grafana dashboard and its provisioning files are what Grafana loads: structure only
(Grafana is not installable here); its queries run against a real Prometheus in
``test_metrics_in_prometheus.py``."""

import re

import yaml

from tests.operators.dashboard import GRAFANA, GRAFANA_VARIABLES, dashboard, panel_queries

# What operators asked to see (issue 14), by a metric each panel must query.
TOPICS = {
    "throughput": "jeugdhub_ingest_records_total",
    "rejects by reason": "jeugdhub_ingest_rejects_total",
    "lag": "jeugdhub_consumer_lag",
    "latency": "jeugdhub_publication_latency_seconds_bucket",
    "anomalies": "jeugdhub_region_anomalies",
    "audit health": "jeugdhub_audit_head_age_seconds",
}


def _datasource_uid() -> str:
    provisioned = yaml.safe_load(
        (GRAFANA / "provisioning" / "datasources" / "prometheus.yaml").read_text()
    )
    (source,) = provisioned["datasources"]
    assert source["type"] == "prometheus"
    uid: str = source["uid"]
    return uid


def test_panels_are_well_formed() -> None:
    board = dashboard()
    panels = board["panels"]
    assert board["uid"] and board["title"] and isinstance(board["schemaVersion"], int)
    assert len({panel["id"] for panel in panels}) == len(panels)
    occupied: set[tuple[int, int]] = set()
    for panel in panels:
        box = panel["gridPos"]
        assert box["x"] >= 0 and box["x"] + box["w"] <= 24, panel["title"]
        cells = {
            (x, y)
            for x in range(box["x"], box["x"] + box["w"])
            for y in range(box["y"], box["y"] + box["h"])
        }
        assert not cells & occupied, f"{panel['title']} overlaps another panel"
        occupied |= cells
        ref_ids = [target["refId"] for target in panel["targets"]]
        assert ref_ids and len(set(ref_ids)) == len(ref_ids), panel["title"]


def test_every_query_uses_the_provisioned_prometheus() -> None:
    uid = _datasource_uid()
    for panel in dashboard()["panels"]:
        assert panel["datasource"] == {"type": "prometheus", "uid": uid}, panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == uid, panel["title"]


def test_only_variables_grafana_fills_in() -> None:
    for title, promql in panel_queries():
        assert not re.search(r"\$\w+", promql), f"{title}: {promql} keeps a variable"
    assert GRAFANA_VARIABLES  # the ones replaced above are Grafana's own


def test_the_dashboard_shows_what_operators_asked_for() -> None:
    queried = " ".join(promql for _, promql in panel_queries())
    missing = {topic for topic, metric in TOPICS.items() if metric not in queried}
    assert not missing


def test_grafana_provisions_the_dashboard_folder() -> None:
    provider = yaml.safe_load(
        (GRAFANA / "provisioning" / "dashboards" / "jeugdhub.yaml").read_text()
    )
    (entry,) = provider["providers"]
    assert entry["type"] == "file"
    assert entry["options"]["path"] == "/var/lib/grafana/dashboards"  # compose mounts it
