"""Generate the Avro schemas from the pydantic models: one source of truth.

The models are written by hand; ``jeugdhub schemas export`` writes ``schemas/avro/*.avsc``
from them, and a test fails when the committed files differ from what the models give.
Each top-level event schema is self-contained: shared named types (Envelope, Youth, Care,
the enums) are defined at their first use and referred to by name after that.
"""

import json
import types
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from schemas.catalog import RECORD_TYPES
from schemas.records import AVRO_LONG, AVRO_NAMESPACE, Record

AVRO_DIR = Path(__file__).resolve().parent / "avro"

AvroType = str | dict[str, Any] | list[Any]

# Order matters: bool is an int, and datetime is a date.
_PRIMITIVES: tuple[tuple[type, AvroType], ...] = (
    (bool, "boolean"),
    (int, "int"),
    (float, "double"),
    (str, "string"),
    (bytes, "bytes"),
    (datetime, {"type": "long", "logicalType": "timestamp-micros"}),
    (date, {"type": "int", "logicalType": "date"}),
)


class _SchemaBuilder:
    def __init__(self) -> None:
        self._defined: set[str] = set()

    def record(self, model: type[Record]) -> AvroType:
        name = model.avro_name or model.__name__
        if name in self._defined:
            return f"{AVRO_NAMESPACE}.{name}"
        self._defined.add(name)
        schema: dict[str, Any] = {"type": "record", "name": name, "namespace": AVRO_NAMESPACE}
        if model.__doc__:
            schema["doc"] = " ".join(model.__doc__.split())
        schema["fields"] = [self._field(fname, info) for fname, info in model.model_fields.items()]
        return schema

    def _field(self, name: str, info: Any) -> dict[str, Any]:
        avro_type = "long" if AVRO_LONG in info.metadata else self._type(info.annotation)
        field: dict[str, Any] = {"name": name, "type": avro_type}
        if info.description:
            field["doc"] = info.description
        if not info.is_required():
            default = info.get_default(call_default_factory=True)
            field["default"] = default.value if isinstance(default, StrEnum) else default
        return field

    def _type(self, annotation: Any) -> AvroType:
        origin = get_origin(annotation)
        if origin is list:
            return {"type": "array", "items": self._type(get_args(annotation)[0])}
        if origin is Annotated:  # validators and docs live in the metadata; the type first
            return self._type(get_args(annotation)[0])
        if origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                raise TypeError(f"only Optional unions map to Avro here: {annotation}")
            # null first: the default of an optional field is null.
            return ["null", self._type(members[0])]
        if isinstance(annotation, type) and issubclass(annotation, Record):
            return self.record(annotation)
        if isinstance(annotation, type) and issubclass(annotation, StrEnum):
            return self._enum(annotation)
        for python_type, avro_type in _PRIMITIVES:
            if isinstance(annotation, type) and issubclass(annotation, python_type):
                return avro_type
        raise TypeError(f"no Avro mapping for {annotation!r}")

    def _enum(self, enum: type[StrEnum]) -> AvroType:
        name = enum.__name__
        if name in self._defined:
            return f"{AVRO_NAMESPACE}.{name}"
        self._defined.add(name)
        return {
            "type": "enum",
            "name": name,
            "namespace": AVRO_NAMESPACE,
            "symbols": [member.value for member in enum],
        }


def avro_schema(model: type[Record]) -> dict[str, Any]:
    """The Avro schema of one event type, self-contained."""
    schema = _SchemaBuilder().record(model)
    assert isinstance(schema, dict)
    return schema


def render(model: type[Record]) -> str:
    return json.dumps(avro_schema(model), indent=2, ensure_ascii=False) + "\n"


def schema_file(model: type[Record], directory: Path = AVRO_DIR) -> Path:
    return directory / f"{model.avro_name}.avsc"


def export(directory: Path = AVRO_DIR) -> list[Path]:
    """Write every event type's schema; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for model in RECORD_TYPES:
        path = schema_file(model, directory)
        path.write_text(render(model))
        written.append(path)
    return written


def stale_files(directory: Path = AVRO_DIR) -> list[Path]:
    """Committed schema files that differ from what the models generate."""
    return [
        schema_file(model, directory)
        for model in RECORD_TYPES
        if not schema_file(model, directory).exists()
        or schema_file(model, directory).read_text() != render(model)
    ]
