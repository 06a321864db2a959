"""KafkaAccess: the same credentials in the form each client library takes."""

import stat
from pathlib import Path

import pytest
from faust.types.auth import SASLMechanism

from jeugdhub.kafka_access import (
    HubPrincipal,
    KafkaAccess,
    KafkaCredentialsError,
    NoKafkaError,
    kafka_access,
)
from jeugdhub.localkafka.principals import PrincipalFiles
from jeugdhub.settings import Settings


def test_credentials_reach_every_client_form() -> None:
    access = KafkaAccess("127.0.0.1:9", "jeugdhub-worker", "pw")
    assert access.aiokafka_options() == {
        "bootstrap_servers": "127.0.0.1:9",
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "jeugdhub-worker",
        "sasl_plain_password": "pw",
    }
    assert access.librdkafka_config()["sasl.username"] == "jeugdhub-worker"
    assert access.librdkafka_config()["security.protocol"] == "SASL_PLAINTEXT"
    faust_options = access.faust_options()
    assert faust_options["broker"] == "kafka://127.0.0.1:9"
    credentials = faust_options["broker_credentials"]
    assert (credentials.username, credentials.password) == ("jeugdhub-worker", "pw")
    assert credentials.mechanism is SASLMechanism.SCRAM_SHA_512


def test_password_is_not_in_the_repr() -> None:
    assert "secret-pw" not in repr(KafkaAccess("127.0.0.1:9", "u", "secret-pw"))


def test_without_a_username_the_connection_is_plain() -> None:
    access = KafkaAccess("kafka:9092")
    assert access.aiokafka_options() == {"bootstrap_servers": "kafka:9092"}
    assert "broker_credentials" not in access.faust_options()


def test_external_cluster_credentials_come_from_the_settings(tmp_path: Path) -> None:
    password_file = tmp_path / "password"
    password_file.write_text("from-file\n")
    settings = Settings(
        state_dir=tmp_path,
        bootstrap_servers="kafka:9092",
        kafka_username="jeugdhub-egress",
        kafka_password_file=password_file,
    )
    access = kafka_access(settings, HubPrincipal.EGRESS)
    assert (access.username, access.password) == ("jeugdhub-egress", "from-file")


def test_a_username_without_a_password_is_refused(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path, bootstrap_servers="kafka:9092", kafka_username="u")
    with pytest.raises(KafkaCredentialsError):
        kafka_access(settings, HubPrincipal.INGEST)


def test_external_cluster_credentials_can_come_from_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "credentials"
    PrincipalFiles(folder).password(HubPrincipal.WORKER)
    settings = Settings(
        state_dir=tmp_path, bootstrap_servers="kafka:9092", kafka_credentials_dir=folder
    )
    access = kafka_access(settings, HubPrincipal.WORKER)
    assert access.username == "jeugdhub-worker" and access.password
    with pytest.raises(KafkaCredentialsError):
        kafka_access(settings, HubPrincipal.EGRESS)  # that process's file was not given


def test_no_local_broker_is_a_remedy_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(NoKafkaError):
        kafka_access(Settings(state_dir=tmp_path), HubPrincipal.INGEST)


def test_a_kept_password_is_the_same_next_time_and_private(tmp_path: Path) -> None:
    files = PrincipalFiles(tmp_path / "principals")
    first = files.password(HubPrincipal.INGEST)
    assert PrincipalFiles(tmp_path / "principals").password(HubPrincipal.INGEST) == first
    assert files.password(HubPrincipal.EGRESS) != first
    assert stat.S_IMODE(files.path(HubPrincipal.INGEST).stat().st_mode) == 0o600
    assert stat.S_IMODE(files.folder.stat().st_mode) == 0o700
