"""Deterministic ids: submitting a file again adds nothing the hub already has."""

import shutil
from pathlib import Path

from connectors.csv.templates import example_file
from privacy.edge import Edge
from schemas.person_events import EventRetracted
from tests.csv.files import read


def test_reading_the_same_file_twice_gives_the_same_source_event_ids_and_event_ids(
    edge: Edge, tmp_path: Path
) -> None:
    again = tmp_path / "plaatsing-start.csv"
    shutil.copy(example_file("plaatsing-start"), again)

    first = read(example_file("plaatsing-start"))
    second = read(again)

    ids = [s.record["source_event_id"] for s in first if s.record is not None]
    assert ids == ["plaatsing-start|PS-0001", "plaatsing-start|PS-0002"]
    assert ids == [s.record["source_event_id"] for s in second if s.record is not None]
    first_events = [edge.person_event(s.record).event for s in first if s.record is not None]
    second_events = [edge.person_event(s.record).event for s in second if s.record is not None]
    assert [e.envelope.event_id for e in first_events] == [
        e.envelope.event_id for e in second_events
    ]


def test_a_retraction_points_at_the_event_of_the_retracted_row(edge: Edge) -> None:
    [suspension, _] = read(example_file("plaatsing-onderbreking"), "plaatsing-onderbreking")
    [retraction, _] = read(example_file("intrekking"), "intrekking")
    assert suspension.record is not None and retraction.record is not None

    suspended = edge.person_event(suspension.record).event
    retracted = edge.person_event(retraction.record).event

    assert isinstance(retracted, EventRetracted)
    assert retracted.retracted_event_id == suspended.envelope.event_id
    assert retracted.key == suspended.key  # same youth: same partition, in order
