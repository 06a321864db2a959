"""The alert rules pass promtool, and promtool's unit tests see each alert fire and stay quiet."""

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"
RULES = DEPLOY / "alerts.yml"
RULE_TESTS = DEPLOY / "tests" / "alerts.test.yml"
# What the operators asked to be alerted on (issue 14), by the alert that says it.
REQUIRED = {
    "JeugdhubProcessDown",  # a process down
    "JeugdhubConsumerLagGrowing",  # lag growing for N minutes
    "JeugdhubFiguresStale",  # figures stale
    "JeugdhubRejectRateSpike",  # reject rate spike
    "JeugdhubDeadLettersGrowing",  # dead letters growing
    "JeugdhubAuditWritesFailing",  # audit writes failing
    "JeugdhubKafkaBrokerMissing",  # a broker missing from the cluster
}


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail("promtool is not installed: apt-get install prometheus (.ci/run does)")
    return subprocess.run(
        [promtool, *args], capture_output=True, text=True, timeout=120, check=False
    )


def _alerts() -> set[str]:
    groups: list[dict[str, Any]] = yaml.safe_load(RULES.read_text())["groups"]
    return {rule["alert"] for group in groups for rule in group["rules"]}


def test_promtool_accepts_the_rules() -> None:
    checked = _promtool("check", "rules", str(RULES))

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"SUCCESS: {len(_alerts())} rules found" in checked.stdout


def test_every_alert_asked_for_is_there() -> None:
    assert _alerts() >= REQUIRED


def test_promtool_unit_tests_pass() -> None:
    tested = _promtool("test", "rules", str(RULE_TESTS))

    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout


def test_each_alert_is_tested_firing_and_quiet() -> None:
    cases = [
        case
        for test in yaml.safe_load(RULE_TESTS.read_text())["tests"]
        for case in test["alert_rule_test"]
    ]
    firing = {case["alertname"] for case in cases if case["exp_alerts"]}
    quiet = {case["alertname"] for case in cases if not case["exp_alerts"]}

    assert firing == _alerts(), "alerts never seen firing: " + str(_alerts() - firing)
    assert quiet == _alerts(), "alerts never seen staying quiet: " + str(_alerts() - quiet)
