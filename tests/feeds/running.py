"""Shared by the feed tests: subscribers made as an operator makes them, the real egress
process, and waiting for releases as a subscriber reads them."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer

from jeugdhub.kafka_access import KafkaAccess
from schemas.aggregates import RegionFiguresPublished
from schemas.codec import encode
from tests.commands import run_jeugdhub
from tests.feeds.outside_reader import read_feed

REPO = Path(__file__).resolve().parents[2]


def subscribe(env: dict[str, str], name: str, regime: str, scope: str | None) -> dict[str, str]:
    """``jeugdhub subscribers add``; returns the subscriber's own Kafka config."""
    args = ["subscribers", "add", name, "--regime", regime]
    added = run_jeugdhub(env, *args, *(["--scope", scope] if scope else []))
    assert added.returncode == 0, added.stderr
    shown = dict(re.findall(r"^(kafka username|kafka password):\s+(\S+)$", added.stdout, re.M))
    return {
        "bootstrap.servers": env["JEUGDHUB_BOOTSTRAP_SERVERS"],
        "security.protocol": "SASL_PLAINTEXT",
        "sasl.mechanism": "SCRAM-SHA-512",
        "sasl.username": shown["kafka username"],
        "sasl.password": shown["kafka password"],
    }


async def publish(admin: KafkaAccess, topic: str, *figures: RegionFiguresPublished) -> None:
    producer = AIOKafkaProducer(acks="all", **admin.aiokafka_options())
    await producer.start()
    try:
        for item in figures:
            await producer.send_and_wait(topic, encode(item), key=item.region.encode())
    finally:
        await producer.stop()


class EgressProcess:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jeugdhub", "egress"],
                cwd=REPO,
                env={**os.environ, **env},
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


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
