"""Run ``jeugdhub`` as a user would: a separate process with its own environment."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from xml.etree import ElementTree

import httpx

REPO = Path(__file__).resolve().parents[1]


def run_jeugdhub(
    env: Mapping[str, str], *args: str, timeout: float = 300, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jeugdhub", *args],
        env={**os.environ, **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class JeugdhubProcess:
    """A long-running ``jeugdhub`` command (``egress``, ``feed-api``, ...), logging to a file."""

    def __init__(self, env: Mapping[str, str], log: Path, *args: str) -> None:
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jeugdhub", *args],
                cwd=REPO,
                env={**os.environ, **env},
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def stop(self) -> None:
        terminate(self.process)


def terminate(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, as an orchestrator stops a process; SIGKILL if it does not end in 30 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_answers(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    """Until ``url`` answers 200; fails with the log's end when the process exits or
    does not answer within a minute (then it is killed)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{url} did not answer: {log.read_text()[-2000:]}")


def start_serving(
    env: Mapping[str, str], log: Path, port: int, probe: str, *args: str
) -> subprocess.Popen[bytes]:
    """``jeugdhub <args>`` as an HTTP server on ``port``, once ``probe`` answers 200."""

    process = subprocess.Popen(
        [sys.executable, "-m", "jeugdhub", *args, "--port", str(port)],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    wait_until_answers(process, f"http://127.0.0.1:{port}{probe}", log)
    return process


def run_schemathesis(openapi_url: str, token: str, report_dir: Path, *options: str) -> set[str]:
    """schemathesis against a served OpenAPI description: no server error and every
    conformance check; fails with its output, else returns the operations it tested."""
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "run",
            openapi_url,
            "--header",
            f"Authorization: Bearer {token}",
            *options,
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,"
            "response_schema_conformance,response_headers_conformance",
            "--max-examples",
            "40",
            "--generation-deterministic",
            "--report",
            "junit",
            "--report-dir",
            str(report_dir),
        ],
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:]
    (report,) = report_dir.glob("junit*.xml")
    suite = ElementTree.parse(report).getroot()
    assert suite.get("failures") == "0" and suite.get("errors") == "0"
    return {str(case.get("name")) for case in suite.iter("testcase")}
