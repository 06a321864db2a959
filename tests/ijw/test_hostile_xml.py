"""Hostile XML is refused before anything of it is expanded, fetched or read further."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.ijw import IjwMessageError
from connectors.ijw.secure_xml import MAX_MESSAGE_BYTES
from connectors.ingest import Submission
from tests.ijw.messages import CLIENT_DATA, VALID, edited, message, submissions, texts

ROOT = "<jw305:Bericht "


def _rejected_whole(data: bytes) -> Submission:
    (only,) = submissions(data)
    assert only.record is None
    assert only.problems
    assert all(isinstance(problem, IjwMessageError) for problem in only.problems)
    assert only.payload == data
    assert only.channel == "ijw"
    return only


def _with_doctype(doctype: str) -> bytes:
    return edited(message("jw305.xml"), ROOT, doctype + "\n" + ROOT)


def test_a_doctype_is_refused_even_when_it_declares_nothing() -> None:
    rejected = _rejected_whole(_with_doctype("<!DOCTYPE Bericht>"))

    assert rejected.problems[0].field == "message"
    assert "DOCTYPE" in rejected.problems[0].reason


def test_billion_laughs_is_refused_without_expanding_anything() -> None:
    laughs = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    data = _with_doctype(f"<!DOCTYPE Bericht [{''.join(laughs)}]>")
    data = edited(data, "<ijw:Achternaam>Testpersoon", "<ijw:Achternaam>&lol9;")

    rejected = _rejected_whole(data)

    # Refused at the DOCTYPE, before any entity is declared, let alone expanded (how long
    # that takes is measured in bench/hostile_xml.py).
    assert [problem.field for problem in rejected.problems] == ["message"]
    assert "DOCTYPE" in rejected.problems[0].reason
    assert "lol" not in texts([rejected])


def test_an_external_entity_is_refused_and_the_file_is_never_read(tmp_path: Path) -> None:
    marker = "MARKER-d41d8cd98f00b204"
    secret = tmp_path / "secret.txt"
    secret.write_text(marker)
    data = _with_doctype(f'<!DOCTYPE Bericht [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>')
    data = edited(data, "<jw305:Bsn>999991103", "<jw305:Bsn>&xxe;")

    rejected = _rejected_whole(data)

    assert marker not in texts([rejected])
    assert marker not in repr(rejected)


def test_an_external_dtd_and_parameter_entities_are_refused(tmp_path: Path) -> None:
    marker = "MARKER-9e107d9d372bb682"
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak "{marker}">')
    external = _with_doctype(f'<!DOCTYPE Bericht SYSTEM "{dtd.as_uri()}">')
    parameter = _with_doctype(f'<!DOCTYPE Bericht [<!ENTITY % p SYSTEM "{dtd.as_uri()}"> %p;]>')

    for data in (external, edited(parameter, "Testpersoon", "&leak;")):
        rejected = _rejected_whole(data)
        assert marker not in texts([rejected]) + repr(rejected)


def test_an_undeclared_entity_reference_is_not_well_formed() -> None:
    data = edited(message("jw305.xml"), "Testpersoon", "&xxe;")

    rejected = _rejected_whole(data)

    assert "not well-formed XML (line" in rejected.problems[0].reason


def test_a_message_over_the_size_cap_is_refused_unparsed() -> None:
    data = message("jw305.xml")
    data = edited(data, "<jw305:Client>", "<!--" + "x" * MAX_MESSAGE_BYTES + "--><jw305:Client>")

    rejected = _rejected_whole(data)

    assert f"larger than {MAX_MESSAGE_BYTES} bytes" in rejected.problems[0].reason


def test_text_that_is_not_utf8_is_refused() -> None:
    latin1 = message("jw305.xml").replace(b"Testpersoon", "Test\u00e9".encode("latin-1"))

    rejected = _rejected_whole(latin1)

    assert rejected.problems[0].reason == "is not UTF-8"
    assert rejected.problems[0].rule == "OP192"


def test_utf16_and_a_byte_order_mark_are_refused() -> None:
    utf16 = message("jw305.xml").decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')

    for data in (utf16.encode("utf-16-le"), b"\xef\xbb\xbf" + message("jw305.xml")):
        assert _rejected_whole(data).problems[0].rule == "OP192"


def test_malformed_xml_is_refused_with_its_line_and_column() -> None:
    data = edited(message("jw305.xml"), "</jw305:Bsn>", "</jw305:Bs>")

    rejected = _rejected_whole(data)

    assert rejected.problems[0].reason.startswith("is not well-formed XML (line 20, column")
    assert rejected.locator == "test.xml: iJw message"


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(VALID),
    cuts=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 40), st.binary(max_size=20))),
)
def test_damaged_messages_are_answered_with_problems_never_an_exception(
    name: str, cuts: list[tuple[int, int, bytes]]
) -> None:
    data = message(name)
    for at, length, insert in cuts:
        data = data[:at] + insert + data[at + length :]

    found = submissions(data)

    assert all(s.record is not None or s.problems for s in found)
    shown = texts(found)
    assert not [value for value in CLIENT_DATA if value in shown]
