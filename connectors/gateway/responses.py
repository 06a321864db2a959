"""How the gateway answers: per-record results, and errors a provider's IT can act on."""

import math
from collections.abc import Sequence

from fastapi.responses import JSONResponse

from connectors.gateway.models import BatchResult, ErrorOut, ProblemOut, RecordResult
from connectors.ingest import Outcome

OK, MULTI_STATUS, UNPROCESSABLE = 200, 207, 422


def error(
    status: int,
    detail: str,
    *,
    retry_after: float | None = None,
    dead_letter_id: str | None = None,
) -> JSONResponse:
    headers = {"Retry-After": str(max(1, math.ceil(retry_after)))} if retry_after else None
    body = ErrorOut(detail=detail, dead_letter_id=dead_letter_id)
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def batch_response(outcomes: Sequence[Outcome], indexes: Sequence[int]) -> JSONResponse:
    results = [
        RecordResult(
            index=index,
            locator=outcome.locator,
            status=outcome.status,
            event_id=outcome.event_id,
            problems=[
                ProblemOut(field=p.field, reason=p.reason, rule=p.rule) for p in outcome.problems
            ],
            dead_letter_id=outcome.dead_letter_id,
        )
        for index, outcome in zip(indexes, outcomes, strict=True)
    ]
    counts = {
        status: sum(r.status == status for r in results)
        for status in ("accepted", "duplicate", "rejected")
    }
    body = BatchResult(
        accepted=counts["accepted"],
        duplicates=counts["duplicate"],
        rejected=counts["rejected"],
        results=results,
    )
    if counts["rejected"] == 0:
        status = OK
    elif counts["rejected"] == len(results):
        status = UNPROCESSABLE
    else:
        status = MULTI_STATUS
    return JSONResponse(body.model_dump(), status_code=status)
