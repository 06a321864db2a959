"""An operator's shell for the command tests: a state folder with a key store, a broker."""

import base64
import os
from pathlib import Path

from connectors.deadletters import DeadLetterSealer
from privacy.keys import KeyStore


def operator_env(state: Path, kafka_env: dict[str, str]) -> dict[str, str]:
    """The environment: state folder, a new key store in it, the broker of ``kafka_env``."""
    kek = os.urandom(32)
    KeyStore.create(state / "keys" / "keystore.json", kek)
    return {
        **os.environ,
        "JEUGDHUB_STATE_DIR": str(state),
        **kafka_env,
        "JEUGDHUB_KEY_ENCRYPTION_KEY": base64.b64encode(kek).decode(),
    }


def operator_sealer(env: dict[str, str]) -> DeadLetterSealer:
    """Seals dead letters as the hub of ``env`` does (its key store, its key)."""
    keys = KeyStore.open(
        Path(env["JEUGDHUB_STATE_DIR"]) / "keys" / "keystore.json",
        base64.b64decode(env["JEUGDHUB_KEY_ENCRYPTION_KEY"]),
    )
    return DeadLetterSealer(keys)
