"""The privacy edge: what comes out holds no identifier, and bad input is named precisely."""

from pathlib import Path
from typing import Any

import pytest

from privacy.edge import Edge, RecordRejected, VettedEvent
from privacy.keys import KeyDomain
from privacy.pseudonym import Rekeyer
from schemas.catalog import EVENT_TYPES
from schemas.codec import encode
from schemas.person_events import EventRetracted, PersonEvent, PlacementStarted
from schemas.reference import reference_data
from schemas.vocabulary import AgeBand, LegalFramework
from tests.factories import CARE, Identity, capacity_records, make_edge, person_records


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Edge:
    return make_edge(tmp_path_factory.mktemp("keys"))


def _rejection(edge: Edge, record: dict[str, Any]) -> RecordRejected:
    with pytest.raises(RecordRejected) as caught:
        edge.person_event(record)
    return caught.value


def test_every_event_type_can_be_made_at_the_edge(edge: Edge) -> None:
    made = [edge.person_event(r).event for r in person_records()]
    made += [edge.capacity_event(r).event for r in capacity_records()]

    assert sorted(type(e).__name__ for e in made) == sorted(m.__name__ for m in EVENT_TYPES)


def test_identifiers_are_replaced_by_pseudonym_band_and_municipality(edge: Edge) -> None:
    who = Identity()
    event = edge.person_event(person_records(who)[4]).event

    assert isinstance(event, PlacementStarted)
    assert event.youth.age_band == AgeBand.AGE_0_16  # born 2009-05-17, 16 when placed
    assert event.youth.municipality == "0307"  # postcode 3811 lies in Amersfoort
    assert event.youth.home_region == "eemland"
    assert len(event.youth.pseudonym) == 64
    text = event.model_dump_json() + encode(event).hex()
    for planted in (who.bsn, who.name, "2009-05-17", "3811", who.street, who.comment):
        assert planted not in text


def test_same_fact_retried_gets_the_same_event_id_and_another_fact_another(edge: Edge) -> None:
    first = edge.person_event(person_records()[0]).event
    retried = edge.person_event(person_records()[0]).event
    other = edge.person_event(person_records(prefix="other")[0]).event

    assert first.envelope.event_id == retried.envelope.event_id
    assert other.envelope.event_id != first.envelope.event_id


def test_retraction_points_at_the_event_id_of_the_retracted_fact(edge: Edge) -> None:
    records = person_records()
    retraction = edge.person_event(records[8]).event
    suspended = edge.person_event(records[5]).event

    assert isinstance(retraction, EventRetracted)
    assert retraction.retracted_event_id == suspended.envelope.event_id
    assert retraction.key == suspended.key  # same youth, same partition, in order


def test_registration_ref_links_across_senders_when_issued_by_names_the_owner(edge: Edge) -> None:
    records = person_records()
    registered = edge.person_event(records[0]).event
    assigned = edge.person_event(records[1]).event

    assert registered.registration_ref == assigned.registration_ref  # type: ignore[attr-defined]


def test_invalid_bsn_is_rejected_naming_the_field_not_the_value(edge: Edge) -> None:
    record = person_records(Identity(bsn="999991104"))[0]

    error = _rejection(edge, record)

    assert [p.field for p in error.problems] == ["youth.bsn"]
    assert "11-proef" in str(error)
    assert "999991104" not in str(error)


def test_all_problems_of_a_record_are_reported_together(edge: Edge) -> None:
    record = person_records(Identity(bsn="123"))[0]
    record["care"] = {**CARE, "care_function": "no-such-function"}
    record["youth"] = {**record["youth"], "municipality": "GM9999"}

    error = _rejection(edge, record)

    assert {p.field for p in error.problems} == {
        "youth.bsn",
        "youth.municipality",
        "care.care_function",
    }
    assert "unknown care function code 'no-such-function'" in str(error)


def test_unknown_codes_in_details_name_the_details_field(edge: Edge) -> None:
    record = person_records()[7]
    record["details"] = {**record["details"], "destination": "MARS"}

    error = _rejection(edge, record)

    assert [p.field for p in error.problems] == ["details.destination"]


def test_identifying_fields_cannot_be_smuggled_in_through_details(edge: Edge) -> None:
    record = person_records()[4]
    record["details"] = {"bsn": "999991103"}

    error = _rejection(edge, record)

    assert [p.field for p in error.problems] == ["details.bsn"]
    assert "999991103" not in str(error)


def test_ambulatory_care_cannot_become_a_placement(edge: Edge) -> None:
    record = person_records()[4]
    record["care"] = {"care_function": "ambulatory"}

    error = _rejection(edge, record)

    assert [p.field for p in error.problems] == ["care.care_function"]


def test_ijw_category_maps_to_care_function_and_justice_framework(edge: Edge) -> None:
    record = person_records()[0]
    record["care"] = {"ijw_category": "47", "commissioning_municipality": "0344"}

    event = edge.person_event(record).event

    assert isinstance(event, PersonEvent)
    assert event.care.care_function == "justice-youth-probation"  # type: ignore[attr-defined]
    assert event.care.legal_framework == LegalFramework.YOUTH_PROBATION  # type: ignore[attr-defined]
    assert event.care.is_justice_data  # type: ignore[attr-defined]


def test_ijw_category_49_is_justice_data_never_voluntary(edge: Edge) -> None:
    record = person_records()[0]
    record["care"] = {"ijw_category": "49", "commissioning_municipality": "0344"}

    event = edge.person_event(record).event

    assert event.care.care_function == "justice-preventive"  # type: ignore[attr-defined]
    assert event.care.legal_framework == LegalFramework.CHILD_PROTECTION_MEASURE  # type: ignore[attr-defined]
    assert event.care.is_justice_data  # type: ignore[attr-defined]

    record["care"] = {**record["care"], "legal_framework": "VOLUNTARY"}
    error = _rejection(edge, record)
    assert [p.field for p in error.problems] == ["care.legal_framework"]


def test_preventive_justice_care_keeps_a_stated_youth_probation_framework(edge: Edge) -> None:
    record = person_records()[0]
    record["care"] = {
        "ijw_category": "49",
        "commissioning_municipality": "0344",
        "legal_framework": "YOUTH_PROBATION",
    }

    event = edge.person_event(record).event

    assert event.care.legal_framework == LegalFramework.YOUTH_PROBATION  # type: ignore[attr-defined]


def test_postcode_outside_the_known_areas_asks_for_the_municipality(edge: Edge) -> None:
    error = _rejection(edge, person_records(Identity(postcode="9999 ZZ"))[0])

    assert [p.field for p in error.problems] == ["youth.address.postcode"]
    assert "send the municipality code" in str(error)
    assert "9999" not in str(error)


def test_date_time_without_zone_is_rejected(edge: Edge) -> None:
    record = person_records()[0]
    record["occurred_at"] = "2026-03-01T10:00:00"

    assert [p.field for p in _rejection(edge, record).problems] == ["occurred_at"]


def test_a_vetted_event_cannot_be_forged_outside_the_edge(tmp_path: Path) -> None:
    event = make_edge(tmp_path).person_event(person_records()[0]).event

    with pytest.raises(TypeError):
        VettedEvent(event, object())


def test_event_ids_are_scoped_by_source(edge: Edge) -> None:
    assert edge.event_id("PROVIDER", "99000001", "1") != edge.event_id("PROVIDER", "99000002", "1")


def test_event_ids_are_keyed_and_rekeyed_with_the_pseudonyms(tmp_path: Path) -> None:
    one, other = make_edge(tmp_path / "a"), make_edge(tmp_path / "b")
    fact = ("PROVIDER", "99000001", "JW305|999991103|1|43|JZP01|2026-01-01")
    before = one.event_id(*fact)
    keys = one._pseudonymiser._keys  # type: ignore[attr-defined]
    keys.rotate()
    after = one.event_id(*fact)

    assert other.event_id(*fact) != before
    # A fact sent again after a rotation gets the id its migrated copy has.
    assert after != before
    assert Rekeyer(keys, 1, 2).rekey(KeyDomain.CASE, before) == after


def test_capacity_event_ids_need_no_key_and_no_rotation_changes_them(tmp_path: Path) -> None:
    one, other = make_edge(tmp_path / "a"), make_edge(tmp_path / "b")
    (record,) = capacity_records()[:1]
    first = one.capacity_event(record).event.envelope.event_id
    one._pseudonymiser._keys.rotate()  # type: ignore[attr-defined]
    assert one.capacity_event(record).event.envelope.event_id == first
    assert other.capacity_event(record).event.envelope.event_id == first


FAMILY_HOME = {
    "care_function": "family-home",
    "provider_agb": "99000003",
    "provider_location": "L01",
}
FAMILY_HOME_PROVIDER = {"organisation_type": "PROVIDER", "code": "99000003"}


def test_a_family_home_travels_as_its_region_and_its_capacity_keeps_the_location(
    edge: Edge,
) -> None:
    placed = {**person_records()[4], "source": FAMILY_HOME_PROVIDER, "care": FAMILY_HOME}
    declared = {
        **capacity_records()[0],
        "source": FAMILY_HOME_PROVIDER,
        "provider_agb": "99000003",
        "location_code": "L01",
        "care_function": "family-home",
    }

    event = edge.person_event(placed).event
    capacity = edge.capacity_event(declared).event

    assert isinstance(event, PlacementStarted)
    region = reference_data().location("99000003", "L01").region_code
    assert (event.care.provider_location, event.care.provider_region) == (None, region)
    assert capacity.location.location_code == "L01"  # places, not persons
    # Other care keeps its location.
    elsewhere = edge.person_event(person_records()[4]).event
    assert isinstance(elsewhere, PlacementStarted)
    assert (elsewhere.care.provider_location, elsewhere.care.provider_region) == ("L01", None)


def test_a_family_home_unknown_to_the_registry_is_refused_naming_the_field(edge: Edge) -> None:
    care = {**FAMILY_HOME, "provider_location": "L99"}
    placed = {**person_records()[4], "source": FAMILY_HOME_PROVIDER, "care": care}

    rejection = _rejection(edge, placed)

    assert "care.provider_location" in str(rejection)
