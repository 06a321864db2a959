"""Justice data is counted apart (DEFINITIONS.md "Justice data"): removed from a youth's
set before any fact is derived, never subtracted afterwards."""

import random
from datetime import UTC, date, datetime
from typing import Any

import pytest

from connectors.publisher import EVENT_ID_HEADER, message_key
from connectors.simulator import Simulation
from schemas.aggregates import RegionFiguresPublished
from schemas.codec import decode_any, decode_record, encode
from streams.messages import JUSTICE, PROVIDERS, RESIDENTS, YOUTH, RegionMessage
from streams.publication.record import published
from streams.region_stage.figures import RegionFigures
from streams.region_stage.region_view import RegionView
from streams.youth_stage.justice import split
from streams.youth_stage.step import Arrival, youth_step
from streams.youth_stage.youth_event import keep
from tests.factories import make_edge
from tests.reference_model import (
    recompute,
    recompute_justice,
    recompute_providers,
    recompute_residents,
)
from tests.streams.events import CLINICAL, UTRECHT_CLINIC, EventMaker
from tests.streams.pipeline import InProcessWorker, arrival_of
from tests.worker.running import as_figures_dict, published_window

PROBATION = {"care_function": "justice-youth-probation"}
UNDER_A_MEASURE = {**UTRECHT_CLINIC, "legal_framework": "CHILD_PROTECTION_MEASURE"}
PUBLISHED_AT = datetime(2026, 6, 1, tzinfo=UTC)

# (Kafka key, arrival, is a person event, decoded event)
Message = tuple[str, Arrival, bool, tuple[str, dict[str, Any]]]


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    """120 simulated days as the publisher puts them on the topics, justice data included."""
    edge = make_edge(tmp_path_factory.mktemp("edge"))
    messages = []
    # As the ingest tells the edge (connectors.ingest): which events went to the justice
    # topic, so that a retraction of one goes there too, under the justice pseudonyms.
    justice_ids: set[str] = set()
    for simulated in Simulation(seed=11, start=date(2026, 1, 1), days=120).records():
        person = simulated.kind == "person"
        if person:
            vetted = edge.person_event(simulated.record, justice_ids)
            if vetted.justice:
                justice_ids.add(vetted.event.envelope.event_id)
        else:
            vetted = edge.capacity_event(simulated.record)
        event = vetted.event
        value = encode(event)
        headers = [(EVENT_ID_HEADER, event.envelope.event_id.encode())]
        messages.append(
            (event.key, Arrival(message_key(event), headers, value), person, decode_record(value))
        )
    return messages


def _is_justice(message: Message) -> bool:
    record = message[3][1]
    care = record.get("care")
    return care is not None and (
        care["legal_framework"] != "VOLUNTARY" or care["care_function"].startswith("justice-")
    )


def _view(messages: list[Message], batch: int) -> RegionView:
    """Both stages over batches as the worker runs them, then stage 2's view rebuilt from
    what it holds."""
    arrivals = [message[1] for message in messages]
    with InProcessWorker() as worker:
        for start in range(0, len(arrivals), batch):
            worker.run(arrivals[start : start + batch])
        return worker.rebuilt_view()


def _records(view: RegionView, kind: bytes) -> dict[str, bytes]:
    """Per region, the published record's bytes, with one publication time for all."""
    result = {}
    for held_kind, region in sorted(view.figures_held()):
        figures = view.figures(region, held_kind)
        if held_kind == kind and figures is not None:
            record = published(figures).model_copy(update={"published_at": PUBLISHED_AT})
            result[region] = encode(record)
    return result


def test_adding_only_justice_events_leaves_the_general_records_byte_identical(
    messages: list[Message],
) -> None:
    general = [message for message in messages if not _is_justice(message)]
    assert len(general) < len(messages) - 100  # the simulation has justice data to add
    everything = messages[:]
    random.Random(7).shuffle(everything)

    without = _records(_view(general, 500), YOUTH)
    with_justice = _records(_view(everything, 2000), YOUTH)

    assert without and with_justice == without
    assert _records(_view(general, 500), JUSTICE) == {}


def test_justice_residents_and_provider_figures_equal_the_reference_recomputation(
    messages: list[Message],
) -> None:
    view = _view(messages, 1000)
    events = [message[3] for message in messages]

    references = (
        (JUSTICE, recompute_justice(events)),
        (YOUTH, recompute(events)),
        (RESIDENTS, recompute_residents(events)),
        (PROVIDERS, recompute_providers(events)),
    )
    for kind, reference in references:
        records = {region: _decoded(view.figures(region, kind)) for region in reference}
        assert sorted(r for k, r in view.figures_held() if k == kind) == sorted(reference)
        for region, record in records.items():
            window = published_window(reference[region], record["daily_from"])
            assert record["figures"] == window, (kind, region)
    justice = recompute_justice(events)
    assert sum(n["waiting_now"] for f in justice.values() for n in f["now"].values()) > 0
    assert any(n["occupied"] for f in justice.values() for n in f["now"].values())


def _decoded(figures: RegionFigures | None) -> dict[str, Any]:
    """The figures as a reader of the topic decodes them, and their window's first day."""
    assert figures is not None
    record = decode_any(encode(published(figures)))
    assert isinstance(record, RegionFiguresPublished)
    return {"daily_from": record.daily_from.isoformat(), "figures": as_figures_dict(record)}


def test_retractions_go_to_both_parts_and_justice_is_told_by_framework_or_care_function(
    make: EventMaker,
) -> None:
    kid = make.kid(51)
    general = make.started("2026-03-02", kid, "P-1")
    measured = make.started("2026-03-03", kid, "P-2", care=UNDER_A_MEASURE)
    probation = make.registered("2026-03-04", kid, "R-1", care=PROBATION)
    retraction = make.retracted("2026-03-05", kid, probation)
    events = [keep(*made.pair) for made in (general, measured, probation, retraction)]
    # A justice care function is justice data even under a voluntary label.
    labelled = keep(*make.registered("2026-03-06", kid, "R-2", care=PROBATION).pair)
    events.append(labelled._replace(legal_framework="VOLUNTARY"))

    parts = split(events)

    assert [e.event_id for e in parts.general] == [general.event_id, retraction.event_id]
    assert [e.event_id for e in parts.justice] == [
        measured.event_id,
        probation.event_id,
        retraction.event_id,
        labelled.event_id,
    ]


def test_a_youth_tells_each_area_its_general_justice_residents_and_provider_parts(
    make: EventMaker,
) -> None:
    kid = make.kid(52)  # lives in Amersfoort (eemland)
    placed = make.started("2026-03-02", kid, "P-1")  # utrecht-stad
    probation = make.registered("2026-03-04", kid, "R-1", care=PROBATION)
    youth = str(placed.record["youth"]["pseudonym"])

    step = youth_step(youth, None, [arrival_of(placed), arrival_of(probation)], 30)

    assert step is not None
    assert [(region, message.kind) for region, message in step.messages] == [
        ("0307", RESIDENTS),  # Amersfoort: the placement, not the probation wait
        ("99000001@eemland", PROVIDERS),  # the placement touches both regions
        ("99000001@utrecht-stad", PROVIDERS),  # where the stay counts
        ("eemland", JUSTICE),
        ("eemland", YOUTH),
        ("utrecht-stad", YOUTH),
    ]
    undone = youth_step(
        youth, step.stored, [arrival_of(make.retracted("2026-03-05", kid, probation))], 30
    )
    assert undone is not None
    assert undone.messages[3] == ("eemland", RegionMessage(JUSTICE, youth, b""))
    # The general, residents' and provider parts are as they were.
    assert [m for i, m in enumerate(undone.messages) if i != 3] == [
        m for i, m in enumerate(step.messages) if i != 3
    ]
    view = RegionView()
    for region, message in step.messages:
        view.apply(region, message, None)
    general = view.figures("utrecht-stad")
    assert general is not None and general.now[CLINICAL].occupied == 1
    assert view.figures("eemland", JUSTICE) is not None
    eemland = view.figures("eemland")
    assert eemland is not None and eemland.now == {}  # the probation wait is not there
    amersfoort = view.figures("0307", RESIDENTS)
    assert amersfoort is not None and set(amersfoort.now) == {CLINICAL}
    assert amersfoort.now[CLINICAL].occupied == 1 and amersfoort.now[CLINICAL].waiting_now == 0
