"""What one youth contributes to each region it touches: the input of stage 2.

Stage 2 keeps the newest contribution per (region, youth) and *replaces* it when a newer
one arrives; a region's figures are a function of the contributions it holds, and a
contribution is a function of the youth's whole set of events (DEFINITIONS.md
"Exactness").

Everything in a contribution is a count keyed by plain values, so contributions add up
(and subtract, see ``streams.region_stage.region_totals``): the region's figures depend on the sum.
Every count in it comes from one youth, so the youth's record key
(``streams.youth_stage.record_key``) is carried once, for the cell keys of the figures.
"""

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from schemas.vocabulary import AgeBand
from streams.youth_stage.youth_facts import YouthFacts

# A stay in its provider region: (care function, home region, start, end or None).
StayKey = tuple[str, str, date, date | None]
# A waiting-list entry in its home region: (care function, registered, closed or None).
WaitingKey = tuple[str, date, date | None]
# A daily flow: (care function, day, measure, destination of a discharge or None).
FlowKey = tuple[str, date, str, str | None]

REGISTRATIONS = "registrations"
PLACEMENTS = "placements"
DISCHARGES = "discharges"
REPLACEMENTS = "replacements"
REFUSALS = "refusals"
NON_CONTRACTED = "non_contracted"
PLACEMENTS_17_PLUS = "placements_17_plus"
TRANSITIONS_18 = "transitions_18"
SEVENTEEN_PLUS = frozenset(
    {AgeBand.AGE_17, AgeBand.AGE_18_PLUS, AgeBand.AGE_18_22, AgeBand.AGE_23_PLUS}
)


@dataclass(frozen=True, slots=True)
class RegionContribution:
    """One youth's part in one region's figures."""

    latest: date  # the latest date of the youth's counted events touching the region
    record_key: int  # the youth's, for every count below
    stays: Mapping[StayKey, int]
    waiting: Mapping[WaitingKey, int]
    flows: Mapping[FlowKey, int]
    anomalies: Mapping[str, int]  # per kind, attributed to the orphan event's home region


@dataclass(slots=True)
class _Parts:
    stays: Counter[StayKey] = field(default_factory=Counter)
    waiting: Counter[WaitingKey] = field(default_factory=Counter)
    flows: Counter[FlowKey] = field(default_factory=Counter)
    anomalies: Counter[str] = field(default_factory=Counter)


def contributions(facts: YouthFacts, record_key: int) -> dict[str, RegionContribution]:
    """Per region the youth's counted events touch (and only those: every count lands
    in the home region or provider region of a counted event); ``record_key`` is the
    youth's."""
    parts = {region: _Parts() for region in facts.touched}
    for entry in facts.waiting_entries:
        home = parts[entry.home_region]
        home.waiting[entry.care_function, entry.registered, entry.closed] += 1
        home.flows[entry.care_function, entry.registered, REGISTRATIONS, None] += 1
    for refusal in facts.refusals:
        parts[refusal.region].flows[refusal.care_function, refusal.day, REFUSALS, None] += 1
    for stay in facts.stays:
        provider = parts[stay.provider_region]
        function = stay.care_function
        provider.stays[function, stay.home_region, stay.start, stay.end] += 1
        flows = provider.flows
        flows[function, stay.start, PLACEMENTS, None] += 1
        if stay.end is not None:
            flows[function, stay.end, DISCHARGES, stay.destination] += 1
        if stay.replacement:
            flows[function, stay.start, REPLACEMENTS, None] += 1
        if not stay.contracted:
            flows[function, stay.start, NON_CONTRACTED, None] += 1
        if stay.age_band in SEVENTEEN_PLUS:
            flows[function, stay.start, PLACEMENTS_17_PLUS, None] += 1
        if stay.turned_18 is not None:
            flows[function, stay.turned_18, TRANSITIONS_18, None] += 1
    for orphan in facts.orphans:
        parts[orphan.home_region].anomalies[orphan.kind] += 1
    return {
        region: RegionContribution(
            facts.touched[region],
            record_key,
            dict(part.stays),
            dict(part.waiting),
            dict(part.flows),
            dict(part.anomalies),
        )
        for region, part in parts.items()
    }


def contribution_to_bytes(contribution: RegionContribution) -> bytes:
    """Compact JSON: each count as a row of its key's values and the count."""
    stored = {
        "latest": contribution.latest.isoformat(),
        "record_key": contribution.record_key,
        "stays": [
            [function, home, start.isoformat(), _iso(end), count]
            for (function, home, start, end), count in contribution.stays.items()
        ],
        "waiting": [
            [function, registered.isoformat(), _iso(closed), count]
            for (function, registered, closed), count in contribution.waiting.items()
        ],
        "flows": [
            [function, day.isoformat(), measure, destination, count]
            for (function, day, measure, destination), count in contribution.flows.items()
        ],
        "anomalies": contribution.anomalies,
    }
    return json.dumps(stored, separators=(",", ":")).encode()


def contribution_from_bytes(data: bytes) -> RegionContribution:
    """The inverse of :func:`contribution_to_bytes`."""
    stored: dict[str, Any] = json.loads(data)
    return RegionContribution(
        date.fromisoformat(stored["latest"]),
        stored["record_key"],
        {
            (function, home, date.fromisoformat(start), _date(end)): count
            for function, home, start, end, count in stored["stays"]
        },
        {
            (function, date.fromisoformat(registered), _date(closed)): count
            for function, registered, closed, count in stored["waiting"]
        },
        {
            (function, date.fromisoformat(day), measure, destination): count
            for function, day, measure, destination, count in stored["flows"]
        },
        stored["anomalies"],
    )


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
