"""The signed head of the trail: the last entry of every chain, to keep somewhere else.

Whoever removes entries from the end of a chain leaves a log that is consistent in
itself; only a copy of the head made earlier shows it. ``jeugdhub audit head`` writes one
(a JSON file, signed with the audit key): keep it where the hub's operators cannot change
it (the privacy officer's mailbox, a WORM store), and give it to ``jeugdhub audit verify
--head``. Chains that grew since are fine; a chain shorter than its head, or with another
entry at the head's place, is reported.
"""

import base64
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jeugdhub.errors import JeugdhubError
from privacy.audit.chain import entry_hash
from privacy.audit.signing import PublicKeys, Signer
from privacy.audit.trail import TrailRecord
from privacy.audit.verify import HeadMark


class HeadFileError(JeugdhubError):
    """A head file that cannot be read, or whose signature fails."""


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def make_head(records: list[TrailRecord], topic: str, signer: Signer) -> dict[str, Any]:
    """The head of every chain in ``records`` (entries as they are on the topic), signed."""
    chains: dict[str, dict[str, Any]] = {}
    for record in records:
        entry = record.entry
        if entry is not None and entry.sequence >= chains.get(entry.chain, {}).get("sequence", -1):
            chains[entry.chain] = {"sequence": entry.sequence, "hash": entry_hash(entry)}
    body = {
        "topic": topic,
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "key_id": signer.key_id,
        "public_key": signer.public_pem().decode(),
        "chains": chains,
    }
    signature = base64.b64encode(signer.sign(_canonical(body))).decode()
    return {**body, "signature": signature}


def load_head(path: Path, keys: PublicKeys) -> dict[str, HeadMark]:
    """The chains' marks of a head file, once its signature is checked with ``keys``."""
    try:
        raw = json.loads(path.read_text())
        body = {name: value for name, value in raw.items() if name != "signature"}
        signature = base64.b64decode(raw["signature"])
        marks = {
            chain: HeadMark(int(mark["sequence"]), str(mark["hash"]))
            for chain, mark in raw["chains"].items()
        }
        key_id = str(raw["key_id"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise HeadFileError(
            f"{path}: not a head file of `jeugdhub audit head` ({type(error).__name__})"
        ) from None
    if not keys.valid(key_id, _canonical(body), signature):
        raise HeadFileError(
            f"{path}: its signature does not match its content under a trusted key; the "
            "head was changed, or it was signed with a key not given to --public-key"
        )
    return marks
