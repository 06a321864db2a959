"""What the gateway's API takes and answers; the OpenAPI description comes from these."""

from typing import Any, Literal

from pydantic import BaseModel, Field

from privacy.raw_records import RawCapacityRecord, RawPersonRecord


class ProblemOut(BaseModel):
    field: str
    reason: str
    rule: str | None = None


class RecordResult(BaseModel):
    index: int = Field(description="position of the record in the batch (iJw: block order)")
    locator: str
    status: Literal["accepted", "duplicate", "rejected"]
    event_id: str | None = None
    problems: list[ProblemOut] = Field(default_factory=list)
    dead_letter_id: str | None = Field(
        default=None, description="where the rejected record is kept (encrypted)"
    )


class BatchResult(BaseModel):
    accepted: int
    duplicates: int
    rejected: int
    results: list[RecordResult]


class ErrorOut(BaseModel):
    detail: str
    dead_letter_id: str | None = None


def _record_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    # The gateway fills `source` from the token; a record may name it, but only as itself.
    schema["required"] = [name for name in schema.get("required", []) if name != "source"]
    return schema


def batch_request_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """The JSON batch body and the component schemas it refers to."""
    components: dict[str, Any] = {}
    records = []
    for model in (RawPersonRecord, RawCapacityRecord):
        schema = _record_schema(model)
        components.update(schema.pop("$defs", {}))
        components[model.__name__] = schema
        records.append({"$ref": f"#/components/schemas/{model.__name__}"})
    body = {
        "type": "object",
        "required": ["records"],
        "properties": {"records": {"type": "array", "items": {"anyOf": records}}},
    }
    return body, components
