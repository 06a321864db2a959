"""The figures per municipality of residence (DEFINITIONS.md "Municipality of
residence"), from stage 1's own contributions, equal the reference model's."""

from streams.messages import RESIDENTS
from tests.reference_model import recompute, recompute_residents
from tests.streams.events import AMERSFOORT, CLINICAL, UTRECHT, EventMaker
from tests.streams.pipeline import Stages

NO_LOCATION = {"care_function": CLINICAL, "provider_agb": "99000001"}


def test_a_youth_who_moves_is_counted_where_it_lived_at_each_event(make: EventMaker) -> None:
    before, after = make.kid(61), make.kid(61, municipality=UTRECHT)
    events = [
        make.registered("2026-03-01", before, "R-1"),
        make.started("2026-03-05", after, "P-1", registration="R-1"),
        make.ended("2026-03-20", after, "P-1", care=NO_LOCATION),
        make.registered("2026-03-03", make.kid(62), "R-2"),  # stays in Amersfoort, waiting
    ]
    pairs = [event.pair for event in events]

    stages = Stages().feed(pairs)
    residents = stages.all_figures(RESIDENTS)

    assert residents == recompute_residents(pairs)
    assert sorted(residents) == [AMERSFOORT, UTRECHT]
    # The placement in Utrecht closed Amersfoort's first entry: as of its date, one waits.
    assert residents[AMERSFOORT]["as_of"] == "2026-03-05"
    assert residents[AMERSFOORT]["now"][CLINICAL]["waiting_now"] == 1
    assert residents[UTRECHT]["daily"][CLINICAL]["2026-03-20"]["discharges"] == {"HOME": 1}
    # The end names no location, yet it moves the stay's region to its date.
    assert stages.all_figures() == recompute(pairs)
    assert stages.all_figures()["utrecht-stad"]["as_of"] == "2026-03-20"
