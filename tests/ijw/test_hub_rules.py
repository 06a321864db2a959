"""The checks beyond the message itself: its arrival day (TR135), a plausible Begindatum,
and whether a product named by its category alone is a placement (connectors.ijw.hub_rules)."""

from datetime import date

import pytest

from connectors.ijw import submissions_from_ijw
from connectors.ijw.hub_rules import START_AFTER_MESSAGE_DAYS
from privacy.edge import Edge
from schemas.person_events import PlacementStarted
from tests.ijw.messages import edited, message

START_1 = "Client/StartProducten/StartProduct[1]"
SENT_ON = date(2026, 4, 3)  # the Dagtekening of the fixtures
# The first block of jw305.xml: category 43 with product code KGZ01, begun 2026-04-02.
FIRST_PRODUCT = "<ijw:Categorie>43</ijw:Categorie>\n          <ijw:Code>KGZ01</ijw:Code>"


def _read(data: bytes, received_on: date = SENT_ON) -> list[tuple[str, object]]:
    """(locator's block, record or the problems) per submission."""
    return [
        (s.locator.rsplit(", ", 1)[-1], s.record if s.record is not None else s.problems)
        for s in submissions_from_ijw(data, "test.xml", received_on)
    ]


def _only_category(category: str) -> bytes:
    return edited(message("jw305.xml"), FIRST_PRODUCT, f"<ijw:Categorie>{category}</ijw:Categorie>")


# -- TR135: the Dagtekening ------------------------------------------------------------------


def test_a_message_dated_after_the_day_it_arrived_is_refused_as_a_whole_tr135() -> None:
    (only,) = submissions_from_ijw(message("jw305.xml"), "test.xml", date(2026, 4, 2))

    assert only.record is None
    (problem,) = only.problems
    assert problem.field == "Header/BerichtIdentificatie/Dagtekening"
    assert problem.rule == "TR135/8848"
    assert "2026-04-02, the day the hub received the message" in problem.reason


@pytest.mark.parametrize("received_on", [SENT_ON, date(2026, 4, 4), date(2027, 1, 1)])
def test_a_message_dated_on_or_before_the_day_it_arrived_is_read(received_on: date) -> None:
    found = submissions_from_ijw(message("jw305.xml"), "test.xml", received_on)

    assert [s.problems for s in found] == [(), ()]


# -- the Begindatum of a start ---------------------------------------------------------------


def test_a_start_years_after_its_message_is_refused_and_the_other_blocks_go_on() -> None:
    data = edited(message("jw305.xml"), ">2026-04-02<", ">2029-04-02<")

    (first, third) = _read(data)

    assert first[0] == "StartProduct 1"
    (problem,) = first[1]  # type: ignore[misc]
    assert problem.field == f"{START_1}/Begindatum"
    assert problem.rule == "HUB-START-DATE"
    assert f"more than {START_AFTER_MESSAGE_DAYS} days after" in problem.reason
    # The good block of the same message is submitted as if the bad one were not there.
    assert third[0] == "StartProduct 3"
    assert isinstance(third[1], dict) and third[1]["care"]["ijw_category"] == "37"


@pytest.mark.parametrize(("begin", "refused"), [("2026-04-10", False), ("2026-04-11", True)])
def test_a_start_may_lie_at_most_the_bound_after_its_message(begin: str, refused: bool) -> None:
    data = edited(message("jw305.xml"), ">2026-04-02<", f">{begin}<")

    first = _read(data)[0][1]

    assert isinstance(first, tuple) is refused


def test_the_deletion_of_a_start_is_not_held_to_the_bound() -> None:
    # TR063: a deletion names an earlier delivery by its key; its content is not checked.
    data = edited(message("jw305.xml"), ">2026-04-02<", ">2029-04-02<")
    data = edited(data, "<jw305:StatusAanlevering>1<", "<jw305:StatusAanlevering>3<")

    first = _read(data)[0][1]

    assert isinstance(first, dict) and first["event_type"] == "EventRetracted"


# -- a category without a product code (an aspecific assignment) -----------------------------


def test_a_category_whose_every_product_is_a_placement_starts_a_placement(edge: Edge) -> None:
    # In Amersfoort's (eemland's) table every product of 43 is a residential stay.
    first = _read(_only_category("43"))[0][1]

    assert isinstance(first, dict)
    event = edge.person_event(first).event
    assert isinstance(event, PlacementStarted)
    assert event.care.care_function == "residential-youth-parenting"  # the category's default


def test_a_category_without_any_placement_is_not_submitted() -> None:
    assert [block for block, _ in _read(_only_category("41"))] == ["StartProduct 3"]


def test_a_category_that_alone_cannot_say_is_kept_for_follow_up() -> None:
    # 52 is ambulant specialist care by default, clinical care under product code KGZ01.
    first = _read(_only_category("52"))[0][1]

    assert isinstance(first, tuple)
    (problem,) = first
    assert problem.field == f"{START_1}/Product/Code"
    assert problem.rule == "HUB-FOLLOW-UP"
    assert "residential-clinical-mental-health, specialist-ambulatory" in problem.reason
    assert "kept for follow-up" in problem.reason
