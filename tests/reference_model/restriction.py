"""Restriction of processing (DEFINITIONS.md "Restriction"): a youth with a
``ProcessingRestricted`` marker among its events counts in no figure."""

from collections.abc import Iterable

from tests.reference_model.events import DecodedEvent

MARKER = "ProcessingRestricted"


def unrestricted(events: Iterable[DecodedEvent]) -> list[DecodedEvent]:
    """The events less the markers and every event of a pseudonym that has a marker
    (the input holds a marker until its tombstone: ``running.input_events``)."""
    listed = list(events)
    restricted = {record["youth"]["pseudonym"] for name, record in listed if name == MARKER}
    return [
        (name, record)
        for name, record in listed
        if name != MARKER and record.get("youth", {}).get("pseudonym") not in restricted
    ]
