"""`jeugdhub kafka start | status | stop` as a user runs them, in a state folder of its own."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from jeugdhub.kafka_access import HubPrincipal, KafkaAccess
from jeugdhub.kafka_probe import answers_metadata
from jeugdhub.localkafka.config import BrokerConfig
from jeugdhub.localkafka.principals import PrincipalFiles
from tests.commands import run_jeugdhub


def _jeugdhub(state_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_jeugdhub({"JEUGDHUB_STATE_DIR": str(state_dir)}, *args, timeout=180)


def _admin(state_dir: Path, address: str) -> KafkaAccess:
    return PrincipalFiles(state_dir / "kafka" / "principals").access(address, HubPrincipal.ADMIN)


def _processes_using(state_dir: Path) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if str(state_dir).encode() in (proc / "cmdline").read_bytes():
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


def test_start_status_second_start_and_stop_leave_no_process(tmp_path: Path) -> None:
    state = tmp_path / "state"
    try:
        first = _jeugdhub(state, "kafka", "start")
        assert first.returncode == 0, first.stderr
        address = first.stdout.strip()
        assert address.startswith("127.0.0.1:")
        assert answers_metadata(_admin(state, address))
        principals = state / "kafka" / "principals"
        assert sorted(p.name for p in principals.iterdir()) == sorted(
            f"{principal.value}.json" for principal in HubPrincipal
        )
        for secret in [*principals.iterdir(), state / "kafka" / "server.properties"]:
            assert stat.S_IMODE(secret.stat().st_mode) == 0o600, secret

        second = _jeugdhub(state, "kafka", "start")
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip() == address
        assert "already running" in second.stderr
        assert len(_processes_using(state)) == 1

        status = _jeugdhub(state, "kafka", "status")
        assert status.returncode == 0
        assert address in status.stdout
    finally:
        stop = _jeugdhub(state, "kafka", "stop")
    assert stop.returncode == 0
    assert "Stopped" in stop.stderr
    assert _processes_using(state) == []
    assert not answers_metadata(_admin(state, address))

    again = _jeugdhub(state, "kafka", "stop")
    assert again.returncode == 0
    assert "No local broker was running" in again.stderr
    assert _jeugdhub(state, "kafka", "status").returncode == 3


def test_restart_keeps_data_and_address(tmp_path: Path) -> None:
    state = tmp_path / "state"
    try:
        first = _jeugdhub(state, "kafka", "start")
        assert first.returncode == 0, first.stderr
        address = first.stdout.strip()
        assert _jeugdhub(state, "kafka", "stop").returncode == 0
        restarted = _jeugdhub(state, "kafka", "start")
        assert restarted.returncode == 0, restarted.stderr
        assert restarted.stdout.strip() == address
    finally:
        _jeugdhub(state, "kafka", "stop")
    assert _processes_using(state) == []


def test_config_has_no_listener_without_login_and_denies_by_default(tmp_path: Path) -> None:
    config = BrokerConfig(
        data_dir=tmp_path,
        client_port=9092,
        controller_port=9093,
        admin_user="jeugdhub-admin",
        admin_password="pw",
    )
    props = config.properties()

    assert props["listeners"] == "CLIENT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093"
    assert "CONTROLLER" not in props["advertised.listeners"]
    assert props["listener.security.protocol.map"] == (
        "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT"
    )
    assert props["listener.name.client.sasl.enabled.mechanisms"] == "SCRAM-SHA-512"
    assert props["authorizer.class.name"].endswith("StandardAuthorizer")
    assert props["allow.everyone.if.no.acl.found"] == "false"
    assert props["super.users"] == "User:jeugdhub-admin"
    assert "ANONYMOUS" not in config.render()
    assert "pw" not in repr(config)
    assert props["transaction.state.log.replication.factor"] == "1"


def test_missing_maven_is_reported_with_what_to_install(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PATH": str(Path(sys.executable).parent),  # no mvn, no java
        "JEUGDHUB_STATE_DIR": str(tmp_path / "state"),
        "JEUGDHUB_KAFKA_CACHE_DIR": str(tmp_path / "empty-cache"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "jeugdhub", "kafka", "fetch"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert "Maven is not installed" in result.stderr
    assert "Traceback" not in result.stderr
