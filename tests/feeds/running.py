"""Shared by the feed tests: subscribers made as an operator makes them, the real egress
process, and waiting for releases as a subscriber reads them."""

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer

from jeugdhub.kafka_access import KafkaAccess
from schemas.aggregates import RegionFiguresPublished
from schemas.codec import encode
from tests.commands import JeugdhubProcess, run_jeugdhub
from tests.feeds.outside_reader import read_feed


@dataclass(frozen=True)
class Subscription:
    """What ``jeugdhub subscribers add`` showed once: Kafka credentials and an API token."""

    kafka: dict[str, str]  # librdkafka configuration of the subscriber's own principal
    api_token: str


def subscribe(env: dict[str, str], name: str, regime: str, scope: str | None) -> Subscription:
    """``jeugdhub subscribers add``, as an operator runs it."""
    args = ["subscribers", "add", name, "--regime", regime]
    added = run_jeugdhub(env, *args, *(["--scope", scope] if scope else []))
    assert added.returncode == 0, added.stderr
    shown = dict(re.findall(r"^([a-zA-Z ]+):\s+(\S+)$", added.stdout, re.M))
    kafka = {
        "bootstrap.servers": env["JEUGDHUB_BOOTSTRAP_SERVERS"],
        "security.protocol": "SASL_PLAINTEXT",
        "sasl.mechanism": "SCRAM-SHA-512",
        "sasl.username": shown["kafka username"],
        "sasl.password": shown["kafka password"],
    }
    return Subscription(kafka, shown["feed API token"])


def egress(env: dict[str, str], log: Path) -> JeugdhubProcess:
    return JeugdhubProcess(env, log, "egress")


async def publish(admin: KafkaAccess, topic: str, *figures: RegionFiguresPublished) -> None:
    producer = AIOKafkaProducer(acks="all", **admin.aiokafka_options())
    await producer.start()
    try:
        for item in figures:
            await producer.send_and_wait(topic, encode(item), key=item.region.encode())
    finally:
        await producer.stop()


def wait_for(
    config: dict[str, str], topic: str, enough: int, timeout_s: float = 90
) -> list[tuple[str, dict[str, Any]]]:
    deadline = time.monotonic() + timeout_s
    records: list[tuple[str, dict[str, Any]]] = []
    while time.monotonic() < deadline:
        records = read_feed(config, topic, f"{config['sasl.username']}-test")
        if len(records) >= enough:
            return records
        time.sleep(1)
    raise AssertionError(f"{topic}: {len(records)} records after {timeout_s} s, wanted {enough}")
