"""What makes a message or a block unreadable, named by element path and never by value."""

import pytest

from connectors.ijw import IjwMessageError
from connectors.ingest import Submission
from tests.ijw.messages import (
    CLIENT_DATA,
    edited,
    message,
    problem_fields,
    records,
    submissions,
    texts,
)

START_1 = "Client/StartProducten/StartProduct[1]"
START_3 = "Client/StartProducten/StartProduct[3]"
STOP_1 = "Client/StopProducten/StopProduct[1]"


def _rejected_whole(data: bytes) -> Submission:
    (only,) = submissions(data)
    assert only.record is None
    assert all(isinstance(problem, IjwMessageError) for problem in only.problems)
    return only


def _problems(data: bytes) -> dict[str, tuple[str, str | None]]:
    """Field → (reason, rule) over every rejected submission."""
    return {p.field: (p.reason, p.rule) for s in submissions(data) for p in s.problems}


# -- the message as a whole ---------------------------------------------------------------


def test_a_root_in_another_namespace_rejects_the_message() -> None:
    data = edited(message("jw305.xml"), "ijw/3_2/jw305/schema", "ijw/3_1/jw305/schema")

    rejected = _rejected_whole(data)

    assert problem_fields([rejected]) == ["Bericht"]


def test_a_message_code_that_contradicts_the_namespace_rejects_the_message() -> None:
    data = edited(message("jw305.xml"), ">438<", ">436<")

    rejected = _rejected_whole(data)

    assert [(p.field, p.reason) for p in rejected.problems] == [
        ("Header/BerichtCode", "must be 438")
    ]
    assert rejected.locator == "test.xml: iJw message"


def test_another_version_of_the_standard_rejects_the_message() -> None:
    data = edited(message("jw307.xml"), "BerichtSubversie>2<", "BerichtSubversie>1<")

    assert _problems(data) == {"Header/BerichtSubversie": ("must be 2", "CS015")}


def test_a_sender_that_is_no_agb_code_and_a_receiver_that_is_no_municipality_code() -> None:
    data = edited(message("jw305.xml"), ">99000001<", ">9900001<")
    data = edited(data, ">0307<", ">307<")

    rejected = _rejected_whole(data)

    assert problem_fields([rejected]) == ["Header/Afzender", "Header/Ontvanger"]


def test_jw301_has_the_municipality_as_sender_and_the_provider_as_receiver() -> None:
    data = edited(message("jw301.xml"), "<jw301:Afzender>0307", "<jw301:Afzender>99000001")

    assert _problems(data) == {
        "Header/Afzender": ("must be a CBS municipality code of exactly 4 digits", None)
    }


def test_an_unknown_commissioning_municipality_rejects_the_message() -> None:
    data = edited(message("jw305.xml"), ">0307<", ">0999<")

    rejected = _rejected_whole(data)

    assert problem_fields([rejected]) == ["Header/Ontvanger"]
    assert rejected.locator == "test.xml: JW305 message 'START-0001'"


def test_a_client_without_bsn_rejects_the_message_and_the_problem_names_it() -> None:
    data = edited(message("jw305.xml"), "<jw305:Bsn>999991103</jw305:Bsn>", "")

    assert _problems(data) == {"Client/Bsn": ("is missing", None)}


def test_a_product_container_without_products_rejects_the_message() -> None:
    data = message("jw315.xml")
    start = data.index(b"<jw315:AangevraagdProduct>")
    end = data.rindex(b"</jw315:AangevraagdProduct>") + len(b"</jw315:AangevraagdProduct>")

    rejected = _rejected_whole(data[:start] + data[end:])

    assert problem_fields([rejected]) == ["Client/AangevraagdeProducten/AangevraagdProduct"]


# -- one block ------------------------------------------------------------------------------


def test_a_missing_mandatory_element_rejects_only_its_block() -> None:
    data = edited(message("jw305.xml"), "<jw305:Begindatum>2026-03-15</jw305:Begindatum>", "")

    found = submissions(data)

    assert [s.record is not None for s in found] == [True, False]
    assert found[1].locator == "test.xml: JW305 message 'START-0001', StartProduct 3"
    assert problem_fields(found) == [f"{START_3}/Begindatum"]


def test_a_basisschema_element_in_the_message_namespace_is_reported_as_such() -> None:
    # The namespace trap: Categorie belongs to the basisschema, not to JW305.
    data = edited(
        message("jw305.xml"),
        "<ijw:Categorie>43</ijw:Categorie>",
        "<jw305:Categorie>43</jw305:Categorie>",
    )

    problems = _problems(data)

    assert problems == {
        f"{START_1}/Product/Categorie": (
            "is not in the basisschema namespace (it is in another one)",
            None,
        )
    }


def test_a_message_element_in_the_basisschema_namespace_is_reported_as_such() -> None:
    data = edited(
        message("jw305.xml"),
        "<jw305:Begindatum>2026-04-02</jw305:Begindatum>",
        "<ijw:Begindatum>2026-04-02</ijw:Begindatum>",
    )

    assert _problems(data) == {
        f"{START_1}/Begindatum": ("is not in the message's namespace (it is in another one)", None)
    }


def test_every_problem_of_a_block_is_reported_at_once() -> None:
    data = edited(message("jw305.xml"), ">2026-04-02<", ">2026-02-30<")
    data = edited(data, "<jw305:StatusAanlevering>1", "<jw305:StatusAanlevering>2")

    assert _problems(data) == {
        f"{START_1}/Begindatum": ("is not a date (YYYY-MM-DD, without time zone)", None),
        f"{START_1}/StatusAanlevering": ("must be one of 1, 3", "CS058"),
    }


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        (">2026-04-02<", "> 2026-04-02+01:00<", "Begindatum", "is not a date"),
        (">2026-04-02<", ">12026-04-02<", "Begindatum", "is not a date"),
        (">070010001<", ">-1<", "ToewijzingNummer", "must be a whole number from 0 to 999999999"),
        (">070010001<", ">1000000000<", "ToewijzingNummer", "must be a whole number"),
        (">070010001<", ">7e6<", "ToewijzingNummer", "is not a whole number"),
        (">43<", ">430<", "Product/Categorie", "must be an iJw product category of exactly 2"),
        (">43<", ">99<", "Product/Categorie", "unknown iJw product category code '99'"),
        (">KGZ01<", ">KGZ012<", "Product/Code", "must be 1 to 5 characters"),
        (">2026-04-02<", "><", "Begindatum", "is empty"),
    ],
)
def test_a_value_that_does_not_fit_its_type_is_named_with_its_path(
    old: str, new: str, field: str, reason: str
) -> None:
    data = edited(message("jw305.xml"), old, new)

    (rejected,) = [s for s in submissions(data) if s.record is None]

    assert problem_fields([rejected]) == [f"{START_1}/{field}"]
    assert rejected.problems[0].reason.startswith(reason)


def test_an_element_given_twice_is_rejected() -> None:
    data = edited(
        message("jw305.xml"),
        "<jw305:Begindatum>2026-04-02</jw305:Begindatum>",
        "<jw305:Begindatum>2026-04-02</jw305:Begindatum>" * 2,
    )

    assert _problems(data) == {f"{START_1}/Begindatum": ("occurs more than once", None)}


def test_a_start_of_a_generic_assignment_without_product_is_kept_for_follow_up() -> None:
    data = message("jw305.xml")
    product = data.index(b"<jw305:Product>")
    end = data.index(b"</jw305:Product>") + len(b"</jw305:Product>")

    reason, rule = _problems(data[:product] + data[end:])[f"{START_1}/Product"]

    assert reason.startswith("is missing (a generic assignment)")
    assert "kept for follow-up" in reason
    assert rule == "HUB-FOLLOW-UP"


def test_a_request_without_product_is_rejected_because_a_budget_cannot_be_classified() -> None:
    data = message("jw315.xml")
    product = data.index(b"<jw315:Product>")
    end = data.index(b"</jw315:Product>") + len(b"</jw315:Product>")

    problems = _problems(data[:product] + data[end:])

    assert list(problems) == ["Client/AangevraagdeProducten/AangevraagdProduct[1]/Product"]


def test_a_stop_reason_outside_jz588_is_rejected() -> None:
    data = edited(message("jw307.xml"), ">20<", ">21<")

    reason, _ = _problems(data)[f"{STOP_1}/RedenBeeindiging"]

    assert reason == "must be one of 02, 20, 31, 32, 33, 34, 35, 36, 37, 38, 39"


def test_a_stop_that_ends_before_it_began_is_rejected() -> None:
    data = edited(message("jw307.xml"), ">2026-05-01<", ">2026-04-01<")

    assert _problems(data) == {f"{STOP_1}/Einddatum": ("lies before Begindatum", "TR018")}


def test_a_voided_assignment_must_end_on_its_first_day() -> None:
    data = edited(
        message("jw301.xml"), ">2026-04-01</jw301:Einddatum>", ">2026-04-02</jw301:Einddatum>"
    )

    field = "Client/ToegewezenProducten/ToegewezenProduct[3]/Einddatum"
    assert _problems(data) == {
        field: ("must equal Ingangsdatum when RedenWijziging is 13", "CS335")
    }


def test_reden_wijziging_01_may_no_longer_be_sent() -> None:
    data = edited(message("jw301.xml"), ">05<", ">01<")

    (problem,) = _problems(data).values()

    assert problem[1] == "CS336"


def test_an_unknown_referrer_type_is_rejected() -> None:
    data = edited(message("jw315.xml"), "<ijw:Type>03", "<ijw:Type>07")

    field = "Client/AangevraagdeProducten/AangevraagdProduct[1]/Verwijzer/Type"
    assert list(_problems(data)) == [field]


def test_problems_and_locators_never_show_the_clients_data() -> None:
    broken = [
        edited(message("jw305.xml"), "<jw305:Bsn>999991103</jw305:Bsn>", ""),
        edited(message("jw305.xml"), ">2026-04-02<", ">2026-02-30<"),
        edited(message("jw307.xml"), "<ijw:Datum>2009-05-17", "<ijw:Datum>2009-05-17x"),
        edited(
            message("jw301.xml"), "<ijw:Achternaam>Testpersoon", "<ijw:Achternaam>Testpersoon<b/>"
        ),
        edited(message("jw305.xml"), ">999991103<", ">999991103 Jantje Testpersoon 2009-05-17<"),
    ]
    found = [submission for data in broken for submission in submissions(data)]

    assert any(s.problems for s in found)
    shown = texts(found)
    for value in CLIENT_DATA:
        assert value not in shown


def test_elements_the_hub_does_not_use_are_not_checked() -> None:
    # Geslacht is mandatory in iJw, but the hub neither needs nor keeps it.
    data = edited(message("jw305.xml"), "<jw305:Geslacht>1</jw305:Geslacht>", "")

    assert len(records(data)) == 2
