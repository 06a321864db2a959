"""One test per iJw rule that connectors/ijw/README.md lists as checked, and the list itself.

Each case breaks one valid fixture in one way and names where the problem must be found:
the element path, the rule, and whether the whole message or one block is refused. The
rules checked at the edge (CS002, TR002) go through the real privacy edge.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from connectors.ijw import IjwMessageError, submissions_from_ijw
from privacy.edge import Edge, RecordRejected
from tests.ijw.messages import edited, message

README = Path(__file__).resolve().parents[2] / "connectors" / "ijw" / "README.md"
ARRIVED = date(2027, 1, 1)  # after every fixture's Dagtekening


@dataclass(frozen=True)
class Case:
    file: str
    old: str
    new: str
    field: str  # the element path, or the edge's field
    whole_message: bool = False
    received_on: date = ARRIVED
    at_edge: bool = False


REQUEST_1 = "Client/AangevraagdeProducten/AangevraagdProduct[1]"
REQUEST_2 = "Client/AangevraagdeProducten/AangevraagdProduct[2]"
ASSIGNED_1 = "Client/ToegewezenProducten/ToegewezenProduct[1]"
ASSIGNED_3 = "Client/ToegewezenProducten/ToegewezenProduct[3]"
START_1 = "Client/StartProducten/StartProduct[1]"
STOP_1 = "Client/StopProducten/StopProduct[1]"

CHECKED = {
    "CS025": Case(
        "jw305.xml",
        "BerichtVersie>3<",
        "BerichtVersie>4<",
        "Header/BerichtVersie",
        whole_message=True,
    ),
    "CS015": Case(
        "jw305.xml",
        "BerichtSubversie>2<",
        "BerichtSubversie>1<",
        "Header/BerichtSubversie",
        whole_message=True,
    ),
    "RS033": Case(
        "jw305.xml",
        ">START-0001<",
        "><",
        "Header/BerichtIdentificatie/Identificatie",
        whole_message=True,
    ),
    "TR135/8848": Case(
        "jw305.xml",
        "<ijw:Dagtekening>2026-04-03<",
        "<ijw:Dagtekening>2026-04-04<",
        "Header/BerichtIdentificatie/Dagtekening",
        whole_message=True,
        received_on=date(2026, 4, 3),
    ),
    "TR378/S300": Case(
        "jw305.xml", "Ontvanger>0307<", "Ontvanger>0999<", "Header/Ontvanger", whole_message=True
    ),
    "CS002": Case("jw305.xml", ">999991103<", ">999991104<", "youth.bsn", at_edge=True),
    "TR002": Case(
        "jw305.xml",
        "<ijw:Datum>2009-05-17<",
        "<ijw:Datum>1905-05-17<",
        "youth.birth_date",
        at_edge=True,
    ),
    "CS003": Case(
        "jw315.xml",
        "ToewijzingEinddatum>2026-12-31<",
        "ToewijzingEinddatum>2026-03-31<",
        f"{REQUEST_1}/ToewijzingEinddatum",
    ),
    "TR383": Case(
        "jw315.xml", ">REF-2026-0043<", ">REF-2026-0042<", f"{REQUEST_2}/ReferentieAanbieder"
    ),
    "CS335": Case(
        "jw301.xml",
        ">2026-04-01</jw301:Einddatum>",
        ">2026-04-02</jw301:Einddatum>",
        f"{ASSIGNED_3}/Einddatum",
    ),
    "CS336": Case(
        "jw301.xml",
        "RedenWijziging>05<",
        "RedenWijziging>01<",
        "Client/ToegewezenProducten/ToegewezenProduct[2]/RedenWijziging",
    ),
    "CS058": Case(
        "jw305.xml",
        "StatusAanlevering>1<",
        "StatusAanlevering>2<",
        f"{START_1}/StatusAanlevering",
    ),
    "TR018": Case(
        "jw307.xml", "Einddatum>2026-05-01<", "Einddatum>2026-03-01<", f"{STOP_1}/Einddatum"
    ),
    "HUB-START-DATE": Case(
        "jw305.xml", "Begindatum>2026-04-02<", "Begindatum>2031-04-02<", f"{START_1}/Begindatum"
    ),
    "HUB-FOLLOW-UP": Case(
        "jw305.xml",
        "<ijw:Categorie>43</ijw:Categorie>\n          <ijw:Code>KGZ01</ijw:Code>",
        "<ijw:Categorie>52</ijw:Categorie>",
        f"{START_1}/Product/Code",
    ),
}


def _rules_in_readme_table(heading: str) -> set[str]:
    section = README.read_text().split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return {match for match in re.findall(r"^\| ([A-Z][A-Z0-9-]+) \|", section, re.MULTILINE)}


def test_every_rule_the_readme_lists_as_checked_has_a_case_here() -> None:
    # The cases name TR135 and TR378 with their return code, as the problem does.
    assert _rules_in_readme_table("Checked") == {rule.split("/")[0] for rule in CHECKED}


def test_no_rule_is_listed_both_as_checked_and_not() -> None:
    not_checked = README.read_text().split("## Not checked, and why\n", 1)[1]
    listed = set(re.findall(r"\b(?:TR|CS|CD|RS)[0-9]{3}\b", not_checked))

    assert listed
    assert not listed & _rules_in_readme_table("Checked")


@pytest.mark.parametrize("rule", CHECKED)
def test_a_documented_rule_refuses_where_it_says(rule: str, edge: Edge) -> None:
    case = CHECKED[rule]
    data = edited(message(case.file), case.old, case.new)
    intact = submissions_from_ijw(message(case.file), "test.xml", case.received_on)

    found = submissions_from_ijw(data, "test.xml", case.received_on)

    if case.at_edge:
        refused = []
        for submission in found:
            assert submission.record is not None
            with pytest.raises(RecordRejected) as error:
                edge.person_event(submission.record)
            refused += error.value.problems
        assert {(p.field, p.rule) for p in refused} == {(case.field, rule)}
        return
    problems = [(p.field, p.rule) for s in found for p in s.problems]
    assert problems == [(case.field, rule)]
    if case.whole_message:
        (only,) = found
        assert isinstance(only.problems[0], IjwMessageError)
    else:
        # Only the block is refused: the message's other blocks are read as before.
        assert len(found) == len(intact)
        assert sum(s.record is None for s in found) == 1
