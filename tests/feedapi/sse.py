"""A Server-Sent Events reader for the tests (the format: WHATWG HTML, "Server-sent events")."""

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class Event:
    id: str | None
    event: str | None
    data: str


async def events(response: httpx.Response) -> AsyncIterator[Event]:
    """The events of a streamed response; comment lines (keep-alives) are skipped."""
    fields: dict[str, list[str]] = {}
    async for line in response.aiter_lines():
        if line == "":
            if "data" in fields:
                yield Event(
                    (fields.get("id") or [None])[-1],
                    (fields.get("event") or [None])[-1],
                    "\n".join(fields["data"]),
                )
            fields = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            fields.setdefault(name, []).append(value.removeprefix(" "))
