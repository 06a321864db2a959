"""What the edge coarsens: the receipt time goes to the hour."""

import os
from datetime import UTC, datetime
from pathlib import Path

from privacy.edge import Edge
from privacy.keys import KeyStore
from privacy.pseudonym import Pseudonymiser
from tests.factories import person_records


def _edge(tmp_path: Path, now: datetime) -> Edge:
    store = KeyStore.create(tmp_path / "keystore.json", os.urandom(32))
    return Edge(Pseudonymiser(store), clock=lambda: now)


def test_the_receipt_time_a_source_states_is_kept_to_the_hour(tmp_path: Path) -> None:
    edge = _edge(tmp_path, datetime(2026, 3, 3, tzinfo=UTC))
    record = {**person_records()[0], "reported_at": "2026-03-02T14:37:12.123456+01:00"}

    event = edge.person_event(record).event

    assert event.envelope.reported_at == datetime(2026, 3, 2, 13, tzinfo=UTC)


def test_the_hubs_own_receipt_time_is_kept_to_the_hour(tmp_path: Path) -> None:
    edge = _edge(tmp_path, datetime(2026, 3, 2, 9, 59, 59, 999999, tzinfo=UTC))

    event = edge.person_event(person_records()[0]).event

    assert event.envelope.reported_at == datetime(2026, 3, 2, 9, tzinfo=UTC)
