"""The KRaft cluster id handed to Kafka's storage tool on the command line."""

import uuid

import pytest

from jeugdhub.localkafka import broker


def test_an_id_that_would_start_with_a_dash_is_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # 0xF8 encodes to "-" as the first url-safe base64 character; the storage
    # tool once failed in CI with "--cluster-id: expected one argument".
    draws = iter([uuid.UUID(bytes=b"\xf8" + bytes(15)), uuid.UUID(bytes=b"\x01" * 16)])
    monkeypatch.setattr(broker.uuid, "uuid4", lambda: next(draws))

    assert broker.new_cluster_id() == "AQEBAQEBAQEBAQEBAQEBAQ"


def test_ids_are_22_url_safe_characters_never_starting_with_a_dash() -> None:
    ids = {broker.new_cluster_id() for _ in range(5000)}

    assert len(ids) == 5000
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)
