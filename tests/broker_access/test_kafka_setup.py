"""`jeugdhub kafka setup` prepares a cluster the hub did not start, as its admin."""

import asyncio
import json
from pathlib import Path

from jeugdhub.acls import hub_grants
from jeugdhub.broker_admin import BrokerAdmin
from jeugdhub.kafka_access import HubPrincipal
from jeugdhub.kafka_cluster import require_topics
from jeugdhub.kafka_probe import answers_metadata
from jeugdhub.localkafka import LocalBroker
from jeugdhub.localkafka.principals import PrincipalFiles
from jeugdhub.settings import Settings
from schemas.topics import CORE_TOPICS
from tests.commands import run_jeugdhub


def test_setup_creates_topics_and_principals_on_an_external_cluster(tmp_path: Path) -> None:
    # A bare broker stands in for the external cluster: only its admin user exists.
    broker = LocalBroker(Settings(state_dir=tmp_path / "cluster"))
    address, _ = broker.start()
    try:
        admin = broker.admin_access(address)
        password_file = tmp_path / "admin-password"
        password_file.write_text(admin.password or "")
        password_file.chmod(0o600)
        credentials = tmp_path / "hub-credentials"
        env = {
            "JEUGDHUB_STATE_DIR": str(tmp_path / "operator"),
            "JEUGDHUB_BOOTSTRAP_SERVERS": address,
            "JEUGDHUB_KAFKA_USERNAME": HubPrincipal.ADMIN.value,
            "JEUGDHUB_KAFKA_PASSWORD_FILE": str(password_file),
            "JEUGDHUB_KAFKA_CREDENTIALS_DIR": str(credentials),
        }
        for _ in range(2):  # a second run changes nothing
            result = run_jeugdhub(env, "kafka", "setup", timeout=180)
            assert result.returncode == 0, result.stderr
            assert result.stdout.strip() == str(credentials)

        asyncio.run(require_topics(admin, [spec.name for spec in CORE_TOPICS]))
        files = PrincipalFiles(credentials)
        for principal, grants in hub_grants("jeugdhub-streams").items():
            assert answers_metadata(files.access(address, principal)), principal
            assert BrokerAdmin(admin).grants_of(principal.value) == set(grants)
            assert json.loads(files.path(principal).read_text())["username"] == principal.value
        assert not files.path(HubPrincipal.ADMIN).exists()  # the admin's is the operator's
    finally:
        broker.stop()


def test_setup_without_an_external_cluster_says_what_to_set(tmp_path: Path) -> None:
    result = run_jeugdhub(
        {"JEUGDHUB_STATE_DIR": str(tmp_path), "JEUGDHUB_BOOTSTRAP_SERVERS": ""}, "kafka", "setup"
    )
    assert result.returncode == 2
    assert "JEUGDHUB_KAFKA_CREDENTIALS_DIR" in result.stderr
    assert "Traceback" not in result.stderr
