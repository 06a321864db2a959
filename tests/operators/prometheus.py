"""A real Prometheus (Debian's binary) on a free loopback port, with a configuration of
the test's own, and its HTTP query API."""

import shutil
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from jeugdhub.localkafka.broker import free_port
from tests.commands import terminate, wait_until_answers

ALERT_RULES = Path(__file__).resolve().parents[2] / "deploy" / "prometheus" / "alerts.yml"
Result = list[dict[str, Any]]


class RunningPrometheus:
    """``prometheus`` scraping ``targets`` (job name -> host:port) every second."""

    def __init__(self, home: Path, targets: Mapping[str, str]) -> None:
        binary = shutil.which("prometheus")
        if binary is None:
            pytest.fail("prometheus is not installed: apt-get install prometheus (.ci/run does)")
        home.mkdir(parents=True, exist_ok=True)
        config = {
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(ALERT_RULES)],
            "scrape_configs": [
                {"job_name": job, "static_configs": [{"targets": [target]}]}
                for job, target in targets.items()
            ],
        }
        (home / "prometheus.yml").write_text(yaml.safe_dump(config))
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log = home / "prometheus.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    binary,
                    f"--config.file={home / 'prometheus.yml'}",
                    f"--storage.tsdb.path={home / 'data'}",
                    f"--web.listen-address=127.0.0.1:{port}",
                    "--log.level=warn",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until_answers(self.process, f"{self.url}/-/ready", self.log)

    def api(self, path: str, **params: str) -> Any:
        """``/api/v1/<path>``'s data; fails with Prometheus's own error when it refuses."""
        answer = httpx.get(f"{self.url}/api/v1/{path}", params=params, timeout=30).json()
        assert answer["status"] == "success", f"{params}: {answer}"
        return answer["data"]

    def query(self, promql: str) -> Result:
        data = self.api("query", query=promql)
        assert data["resultType"] == "vector", f"{promql}: {data['resultType']}"
        result: Result = data["result"]
        return result

    def values(self, promql: str, label: str) -> dict[str, float]:
        """The instant vector as {value of ``label``: sample value}."""
        return {s["metric"].get(label, ""): float(s["value"][1]) for s in self.query(promql)}

    def wait_for(
        self, promql: str, done: Callable[[Result], bool], timeout_s: float = 180
    ) -> Result:
        deadline = time.monotonic() + timeout_s
        result: Result = []
        while time.monotonic() < deadline:
            result = self.query(promql)
            if done(result):
                return result
            time.sleep(1)
        raise AssertionError(f"{promql} after {timeout_s} s: {result}")

    def stop(self) -> None:
        terminate(self.process)
