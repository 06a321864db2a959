"""Justice data at the edge: its own pseudonym domains, bound for its own topic."""

from typing import Any

import pytest

from privacy.edge import Edge, VettedEvent
from schemas.catalog import topic_for
from schemas.person_events import EventRetracted, PlacementStarted, WaitingListRegistered
from schemas.topics import CARE_EVENTS, JUSTICE_EVENTS
from tests.factories import CARE, make_edge, person_records


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Edge:
    return make_edge(tmp_path_factory.mktemp("keys"))


def _placement(framework: str | None, prefix: str) -> dict[str, Any]:
    record = person_records(prefix=prefix)[4]
    care = dict(CARE) if framework is None else {**CARE, "legal_framework": framework}
    return {**record, "care": care}


def _topic(vetted: VettedEvent) -> str:
    return topic_for(vetted.event, justice=vetted.justice)


def test_a_placement_under_a_measure_is_justice_data_under_other_pseudonyms(edge: Edge) -> None:
    general = edge.person_event(_placement(None, "g"))
    justice = edge.person_event(_placement("YOUTH_PROBATION", "j"))

    assert isinstance(justice.event, PlacementStarted)
    assert isinstance(general.event, PlacementStarted)
    assert (_topic(general), _topic(justice)) == (CARE_EVENTS, JUSTICE_EVENTS)
    # Same youth, same placement reference: nothing links the two topics.
    assert justice.event.youth.pseudonym != general.event.youth.pseudonym
    assert justice.event.placement_ref != general.event.placement_ref
    again = edge.person_event(_placement("CHILD_PROTECTION_MEASURE", "j2"))
    assert again.event.youth.pseudonym == justice.event.youth.pseudonym  # one justice youth


def test_ijw_category_49_is_justice_data(edge: Edge) -> None:
    record = person_records(prefix="cat49")[0]
    care = {"ijw_category": "49", "commissioning_municipality": "0307"}
    vetted = edge.person_event({**record, "care": care})

    assert isinstance(vetted.event, WaitingListRegistered)
    assert vetted.event.care.care_function == "justice-preventive"
    assert vetted.event.care.legal_framework != "VOLUNTARY"
    assert _topic(vetted) == JUSTICE_EVENTS


def test_a_retraction_goes_where_its_event_is(edge: Edge) -> None:
    records = person_records(prefix="r")
    retraction = records[8]
    retracted_id = edge.person_event(records[5]).event.envelope.event_id
    general = edge.person_event(retraction)
    justice = edge.person_event(retraction, justice_events={retracted_id})

    assert isinstance(justice.event, EventRetracted)
    assert justice.event.retracted_event_id == retracted_id
    assert (_topic(general), _topic(justice)) == (CARE_EVENTS, JUSTICE_EVENTS)
    assert justice.event.youth.pseudonym != general.event.youth.pseudonym
    assert justice.event.envelope.event_id == general.event.envelope.event_id
