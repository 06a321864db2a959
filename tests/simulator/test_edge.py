"""Every simulated record is one the real privacy edge accepts."""

from pathlib import Path

from connectors.simulator import SimulatedRecord
from privacy.edge import RecordRejected
from schemas.catalog import EVENT_TYPES
from tests.factories import make_edge


def test_every_record_of_a_month_passes_the_real_edge(
    month: list[SimulatedRecord], tmp_path: Path
) -> None:
    edge = make_edge(tmp_path)
    rejected = []
    for simulated in month:
        make = edge.person_event if simulated.kind == "person" else edge.capacity_event
        try:
            make(simulated.record)
        except RecordRejected as error:  # problems name fields, never values
            rejected.append((simulated.record["event_type"], str(error)))

    assert rejected == []


def test_a_month_holds_every_event_type(month: list[SimulatedRecord]) -> None:
    made = {simulated.record["event_type"] for simulated in month}

    assert made == {model.avro_name for model in EVENT_TYPES}
