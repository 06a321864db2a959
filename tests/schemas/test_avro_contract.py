"""The Avro contract: generated from the models, parseable, distinguishable, evolvable."""

import json
import shutil
from pathlib import Path

import pytest
from fastavro import parse_schema

from schemas.avro_export import AVRO_DIR, avro_schema, schema_file, stale_files
from schemas.catalog import EVENT_TYPES, RECORD_TYPES
from schemas.codec import load_schemas
from schemas.compatibility import RELEASED_DIR, check_backward

FIXTURES = Path(__file__).parent / "fixtures"


def test_committed_schemas_are_exactly_what_the_models_generate() -> None:
    assert stale_files() == [], "run `jeugdhub schemas export` and commit the result"


def test_every_event_type_has_a_parseable_schema_with_one_shared_envelope() -> None:
    for model in EVENT_TYPES:
        schema = json.loads(schema_file(model).read_text())
        parse_schema(schema)
        envelope = next(f for f in schema["fields"] if f["name"] == "envelope")
        assert envelope["type"]["name"] == "Envelope"
        assert envelope["type"]["namespace"] == "nl.jeugdhub.events"


def test_model_fields_and_avro_fields_agree_one_to_one() -> None:
    for model in EVENT_TYPES:
        fields = [f["name"] for f in avro_schema(model)["fields"]]
        assert fields == list(model.model_fields), model.__name__


def test_every_schema_has_its_own_fingerprint() -> None:
    loaded = load_schemas()
    assert len(loaded.by_fingerprint) == len(loaded.by_name) == len(RECORD_TYPES)


def test_current_schemas_read_every_released_version() -> None:
    assert any(RELEASED_DIR.glob("v*/*.avsc")), "released schemas must be kept"
    assert check_backward() == []


def test_incompatible_change_fails_the_compatibility_check(tmp_path: Path) -> None:
    changed = tmp_path / "avro"
    shutil.copytree(AVRO_DIR, changed)
    # The fixture adds a required field without a default to PlacementEnded: old events
    # do not have it, so new code could not read them.
    shutil.copy(FIXTURES / "PlacementEnded.incompatible.avsc", changed / "PlacementEnded.avsc")

    problems = check_backward(current_dir=changed)

    assert [p.schema for p in problems] == ["PlacementEnded"]
    assert "school_status" in problems[0].reason


def test_removed_event_type_fails_the_compatibility_check(tmp_path: Path) -> None:
    changed = tmp_path / "avro"
    shutil.copytree(AVRO_DIR, changed)
    (changed / "PlacesChanged.avsc").unlink()

    problems = check_backward(current_dir=changed)

    assert [(p.schema, p.reason) for p in problems] == [("PlacesChanged", "the schema was removed")]


@pytest.mark.parametrize("model", RECORD_TYPES, ids=lambda m: m.__name__)
def test_optional_fields_default_to_null(model: type) -> None:
    for field in avro_schema(model)["fields"]:
        if isinstance(field["type"], list):
            assert field["type"][0] == "null" and field.get("default", "missing") is None
