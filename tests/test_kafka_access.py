"""KafkaAccess: the same credentials in the form each client library takes."""

from pathlib import Path

import pytest
from faust.types.auth import SASLMechanism

from jeugdhub.kafka_access import (
    HubPrincipal,
    KafkaAccess,
    KafkaCredentialsError,
    kafka_access,
)
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
