"""The shipped templates: example files the edge accepts, documented, fully translated."""

import re
from enum import StrEnum
from pathlib import Path

import pytest

from connectors.csv import TEMPLATES, template_names
from connectors.csv import dutch as dutch_words
from connectors.csv.converters import choice
from connectors.csv.templates import EXAMPLES_DIR, example_file
from privacy.edge import Edge
from schemas import vocabulary
from tests.csv.files import SOURCE, read

README = Path(dutch_words.__file__).with_name("README.md")


@pytest.mark.parametrize("name", template_names())
def test_every_example_file_reads_into_records_the_real_edge_accepts(edge: Edge, name: str) -> None:
    template = TEMPLATES[name]
    submissions = read(example_file(name), name)

    assert len(submissions) == 2
    for submission in submissions:
        assert submission.problems == ()
        assert submission.record is not None
        assert submission.channel == f"csv:{name}"
        assert submission.kind == template.kind
        make = edge.person_event if template.kind == "person" else edge.capacity_event
        event = make(submission.record).event
        assert type(event).__name__ == template.event_type
        assert event.envelope.source.code == SOURCE["code"]


def test_there_is_one_example_file_per_template_and_no_other() -> None:
    files = sorted(path.stem for path in EXAMPLES_DIR.glob("*.csv"))

    assert files == sorted(template_names())


def test_the_templates_cover_every_event_type_small_providers_report() -> None:
    assert {template.event_type for template in TEMPLATES.values()} == {
        "WaitingListRegistered",
        "WaitingListStatusChanged",
        "WaitingListRemoved",
        "PlacementStarted",
        "PlacementSuspended",
        "PlacementResumed",
        "PlacementEnded",
        "EventRetracted",
        "PlacesDeclared",
        "BaseAvailabilityAgreed",
        "PlacesChanged",
    }


@pytest.mark.parametrize("name", template_names())
def test_readme_lists_the_columns_of_each_template_with_the_required_ones_bold(
    name: str,
) -> None:
    section = README.read_text().split(f"\n### {name}\n", 1)[1].split("\n#", 1)[0]
    listed = section.split("Columns:", 1)[1].replace("\n", " ")
    names = [cell.strip() for cell in listed.split(",")]
    template = TEMPLATES[name]

    assert [n.strip("*") for n in names] == [column.name for column in template.columns]
    assert {n.strip("*") for n in names if n.startswith("**")} == {
        column.name for column in template.columns if column.required
    }


def test_readme_explains_every_column() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", README.read_text(), re.MULTILINE))
    columns = {column.name for t in TEMPLATES.values() for column in t.columns}

    assert columns <= documented


@pytest.mark.parametrize(
    ("words", "symbols"),
    [
        (dutch_words.LEGAL_FRAMEWORK, vocabulary.LegalFramework),
        (dutch_words.REFERRER, vocabulary.Referrer),
        (dutch_words.WAITING_STATUS, vocabulary.WaitingStatus),
        (dutch_words.REFUSAL_REASON, vocabulary.RefusalReason),
        (dutch_words.REMOVAL_REASON, vocabulary.RemovalReason),
        (dutch_words.END_REASON, vocabulary.EndReason),
        (dutch_words.DESTINATION, vocabulary.Destination),
        (dutch_words.RETRACTION_REASON, vocabulary.RetractionReason),
        (dutch_words.PLACES_CHANGE, vocabulary.PlacesChange),
    ],
)
def test_every_enum_symbol_has_a_dutch_word_and_no_word_means_two(
    words: dict[str, StrEnum], symbols: type[StrEnum]
) -> None:
    convert = choice(symbols, words)

    assert set(words.values()) == set(symbols)
    assert all(convert(word) == member.value for word, member in words.items())
    assert all(convert(member.value) == member.value for member in symbols)


def test_each_record_field_is_filled_from_one_column_name_in_every_template() -> None:
    # The error report relies on it to name the column of a problem the edge found.
    names_by_field: dict[str, set[str]] = {}
    for template in TEMPLATES.values():
        for column in template.columns:
            if column.path is not None:
                names_by_field.setdefault(".".join(column.path), set()).add(column.name)

    assert {field: names for field, names in names_by_field.items() if len(names) > 1} == {}
