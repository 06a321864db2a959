"""Dead-letter payloads: sealed, bound to their letter, and small enough for Kafka."""

import os
from pathlib import Path

import pytest

from connectors.deadletters import MAX_PAYLOAD_BYTES, DeadLetterSealer, DeadLetterSealError
from jeugdhub.errors import InvalidInputError
from privacy.keys import KeyStore
from schemas.codec import encode
from schemas.deadletter import DeadLetter
from schemas.records import Source
from schemas.vocabulary import OrganisationType

SUBMITTER = Source(organisation_type=OrganisationType.PROVIDER, code="99000001")


@pytest.fixture
def sealer(tmp_path: Path) -> DeadLetterSealer:
    return DeadLetterSealer(KeyStore.create(tmp_path / "keys.json", os.urandom(32)))


def _seal(sealer: DeadLetterSealer, payload: bytes) -> DeadLetter:
    return sealer.seal(
        payload=payload,
        submitted_by=SUBMITTER,
        channel="json",
        locator="records[0]",
        problems=[InvalidInputError("youth.bsn", "fails the 11-proef")],
    )


def test_payload_is_encrypted_and_opens_again(sealer: DeadLetterSealer) -> None:
    letter = _seal(sealer, b'{"bsn": "999991103"}')

    assert b"999991103" not in encode(letter)
    assert sealer.open(letter) == b'{"bsn": "999991103"}'


def test_a_ciphertext_moved_to_another_letter_does_not_open(sealer: DeadLetterSealer) -> None:
    first, second = _seal(sealer, b"one"), _seal(sealer, b"two")
    swapped = second.model_copy(
        update={
            "payload_nonce": first.payload_nonce,
            "payload_ciphertext": first.payload_ciphertext,
        }
    )

    with pytest.raises(DeadLetterSealError):
        sealer.open(swapped)


def test_oversized_payload_is_kept_truncated_with_a_problem_saying_so(
    sealer: DeadLetterSealer,
) -> None:
    letter = _seal(sealer, b"x" * (3 * MAX_PAYLOAD_BYTES))

    assert len(sealer.open(letter)) == MAX_PAYLOAD_BYTES
    assert [p.field for p in letter.problems] == ["youth.bsn", "payload"]
    assert len(encode(letter)) < 1024 * 1024
