"""JSON records as the gateway receives them, as submissions for the ingest pipeline."""

import json
from typing import Any

from connectors.ingest import Kind, Submission
from jeugdhub.errors import InvalidInputError

CAPACITY_TYPES = frozenset({"PlacesDeclared", "BaseAvailabilityAgreed", "PlacesChanged"})


def json_submissions(source: dict[str, Any], records: list[object]) -> list[Submission]:
    """The records of a JSON batch, each stamped with the submitting organisation."""
    return [_json_submission(source, index, record) for index, record in enumerate(records)]


def _json_submission(source: dict[str, Any], index: int, record: object) -> Submission:
    payload = json.dumps(record, ensure_ascii=False).encode()
    locator = f"records[{index}]"
    if not isinstance(record, dict):
        problem = InvalidInputError(locator, "must be a JSON object")
        return Submission("json", locator, payload, "person", None, (problem,))
    kind: Kind = "capacity" if record.get("event_type") in CAPACITY_TYPES else "person"
    return Submission("json", locator, payload, kind, {**record, "source": source})
