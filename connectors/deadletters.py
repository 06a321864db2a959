"""Dead letters: every rejected record, kept with its reasons and its payload encrypted.

The payload is sealed with AES-256-GCM under the current key of the ``deadletter`` domain
(``privacy.keys``); the dead letter's id is the associated data, so a ciphertext cannot
be moved to another letter. Only ``jeugdhub deadletter replay`` opens payloads again.
"""

import os
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from jeugdhub.errors import InvalidInputError, JeugdhubError
from privacy.keys import KeyDomain, KeyStore
from schemas.deadletter import DeadLetter, Problem
from schemas.records import Source

_NONCE_BYTES = 12
# Kafka refuses messages over 1 MiB by default; an oversized or unreadable body is kept
# up to this size, with a problem saying so.
MAX_PAYLOAD_BYTES = 512 * 1024


class DeadLetterSealError(JeugdhubError):
    """A dead letter's payload cannot be opened with the key store at hand."""


class DeadLetterSealer:
    def __init__(self, keys: KeyStore) -> None:
        self._keys = keys

    def seal(
        self,
        *,
        payload: bytes,
        submitted_by: Source,
        channel: str,
        locator: str,
        problems: Sequence[InvalidInputError],
        replay_of: str | None = None,
    ) -> DeadLetter:
        version, key = self._keys.current(KeyDomain.DEADLETTER)
        letter_id = uuid.uuid4().hex
        if len(payload) > MAX_PAYLOAD_BYTES:
            truncated = InvalidInputError(
                "payload", f"kept only its first {MAX_PAYLOAD_BYTES} bytes"
            )
            problems = [*problems, truncated]
            payload = payload[:MAX_PAYLOAD_BYTES]
        nonce = os.urandom(_NONCE_BYTES)
        return DeadLetter(
            dead_letter_id=letter_id,
            received_at=datetime.now(UTC),
            submitted_by=submitted_by,
            channel=channel,
            locator=locator[:300],
            problems=[
                Problem(field=p.field[:300], reason=p.reason[:1000], rule=p.rule) for p in problems
            ],
            payload_key_version=version,
            payload_nonce=nonce,
            payload_ciphertext=AESGCM(key).encrypt(nonce, payload, letter_id.encode()),
            replay_of=replay_of,
        )

    def open(self, letter: DeadLetter) -> bytes:
        key = self._keys.key(KeyDomain.DEADLETTER, letter.payload_key_version)
        try:
            return AESGCM(key).decrypt(
                letter.payload_nonce, letter.payload_ciphertext, letter.dead_letter_id.encode()
            )
        except InvalidTag:
            raise DeadLetterSealError(
                f"dead letter {letter.dead_letter_id} does not open with this key store "
                "(another key store, or the letter was altered)"
            ) from None
