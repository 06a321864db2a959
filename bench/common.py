"""What the benchmarks share: an own broker, a key store, synthetic records."""

import asyncio
import base64
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jeugdhub.hub_setup import start_local_hub
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.localkafka import LocalBroker
from jeugdhub.settings import Settings
from privacy.keys import KeyStore
from registry.operations import DEMO_DIR, import_directory

PROVIDER = {"organisation_type": "PROVIDER", "code": "99000001"}


@contextmanager
def own_broker(state: Path) -> Iterator[tuple[KafkaAccess, dict[str, str]]]:
    """A broker for this run only, so a benchmark never touches the user's data.

    Its registry holds the demo's organisations, imported as the demo does it (and
    installed in this process). Yields its admin access (the benchmark's own clients)
    and the environment that lets a hub process it starts log in as its own principal.
    """
    settings = Settings(state_dir=state)
    broker = LocalBroker(settings)
    address, _ = start_local_hub(settings)
    asyncio.run(import_directory(broker.admin_access(address), DEMO_DIR))
    env = {
        "JEUGDHUB_BOOTSTRAP_SERVERS": address,
        "JEUGDHUB_KAFKA_CREDENTIALS_DIR": str(broker.principals.folder),
    }
    try:
        yield broker.admin_access(address), env
    finally:
        broker.stop()


def new_keystore(state: Path) -> tuple[KeyStore, dict[str, str]]:
    kek = os.urandom(32)
    store = KeyStore.create(state / "keys" / "keystore.json", kek)
    return store, {"JEUGDHUB_KEY_ENCRYPTION_KEY": base64.b64encode(kek).decode()}


def valid_bsns() -> Iterator[str]:
    """Synthetic BSNs that pass the 11-proef, in a fixed order."""
    number = 100_000_000
    while True:
        number += 1
        digits = str(number)
        total = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), digits, strict=False))
        total -= int(digits[8])
        if total % 11 == 0:
            yield digits


def placement_records(count: int, per_youth: int = 4) -> list[dict[str, Any]]:
    """``count`` PlacementStarted records for count/per_youth youths, all distinct facts."""
    bsns = valid_bsns()
    records = []
    bsn = next(bsns)
    for n in range(count):
        if n % per_youth == 0:
            bsn = next(bsns)
        records.append(
            {
                "event_type": "PlacementStarted",
                "source_event_id": f"bench-{n}",
                "occurred_at": "2026-03-02",
                "youth": {"bsn": bsn, "birth_date": "2010-06-01", "municipality": "0344"},
                "care": {
                    "care_function": "residential-clinical-mental-health",
                    "provider_agb": "99000001",
                    "provider_location": "L01",
                },
                "placement_ref": {"value": f"P-{n}"},
            }
        )
    return records
