"""Turn a dead letter's payload back into submissions, through the connector it came from.

Replaying goes through the privacy edge again: after reference data or a sender's data
was fixed, the record may pass now. A record that still fails becomes a new dead letter
pointing at the old one (``replay_of``).
"""

import json
import tempfile
from pathlib import Path

from connectors.csv import read_csv_submissions
from connectors.ijw import submissions_from_ijw
from connectors.ingest import Submission
from connectors.json_batch import json_submissions
from jeugdhub.errors import JeugdhubError
from schemas.deadletter import DeadLetter


class CannotReplayError(JeugdhubError):
    pass


def submissions_from_dead_letter(letter: DeadLetter, payload: bytes) -> list[Submission]:
    source = letter.submitted_by.model_dump(mode="json")
    if letter.channel == "json":
        try:
            document = json.loads(payload)
        except (UnicodeDecodeError, json.JSONDecodeError):
            document = None
        # A whole request body was kept when it could not be read at all.
        records = document.get("records") if isinstance(document, dict) else [document]
        if not isinstance(records, list):
            records = [document]
        return json_submissions(source, records)
    if letter.channel == "ijw":
        return submissions_from_ijw(payload, f"dead letter {letter.dead_letter_id}")
    if letter.channel.startswith("csv:"):
        template = letter.channel.removeprefix("csv:")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"dead-letter-{letter.dead_letter_id}.csv"
            path.write_bytes(payload)
            return list(read_csv_submissions(path, template, source))
    raise CannotReplayError(
        f"dead letter {letter.dead_letter_id} came through channel {letter.channel!r}, "
        "which has no replay"
    )
