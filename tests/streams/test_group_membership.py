"""The worker's group membership settings reach faust's configuration, which its aiokafka
driver gives the group consumer (``group_instance_id``, ``session_timeout_ms``)."""

from pathlib import Path

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.settings import Settings
from streams.worker.app import build_app


def test_the_session_timeout_and_the_instance_id_reach_faust(tmp_path: Path) -> None:
    settings = Settings(
        state_dir=tmp_path, worker_instance_id="worker-7", worker_session_timeout_s=12
    )
    conf = build_app(settings, KafkaAccess("127.0.0.1:1")).conf

    assert conf.consumer_group_instance_id == "worker-7"
    assert conf.broker_session_timeout == 12
    assert conf.broker_heartbeat_interval <= 12 / 3  # Kafka's advice for heartbeats


def test_without_an_instance_id_the_membership_is_dynamic(tmp_path: Path) -> None:
    conf = build_app(Settings(state_dir=tmp_path), KafkaAccess("127.0.0.1:1")).conf

    assert conf.consumer_group_instance_id is None
    assert conf.broker_session_timeout == 15
