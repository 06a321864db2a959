"""The other areas figures are counted in, read from DEFINITIONS.md "Municipality of
residence" and "Provider part".

Per municipality: the general events seen with the municipality of residence as home
region and no provider location (capacity events left out). Per provider's part of a
region: the cases that name the provider, each moved to ``<AGB>@<region where the region
figures count it>``; cases that name no provider are left out.
"""

import copy
from collections.abc import Iterable
from dataclasses import replace

from tests.reference_model.cases import Cases
from tests.reference_model.events import DecodedEvent


def as_residents(events: Iterable[DecodedEvent]) -> list[DecodedEvent]:
    """The person events (and retractions) as the municipality figures see them."""
    seen = []
    for name, record in events:
        if "location" in record:
            continue  # a capacity event
        copied = copy.deepcopy(record)
        copied["youth"]["home_region"] = record["youth"]["municipality"]
        if copied.get("care"):
            copied["care"]["provider_location"] = None
            copied["care"]["provider_region"] = None
        seen.append((name, copied))
    return seen


def provider_part(provider_agb: str, region: str) -> str:
    return f"{provider_agb}@{region}"


def provider_parts(cases: Cases) -> Cases:
    """The cases that name a provider, each in that provider's part of its region."""
    return Cases(
        entries=[
            replace(e, home_region=provider_part(e.provider_agb, e.home_region))
            for e in cases.entries
            if e.provider_agb is not None
        ],
        refusals=[
            replace(r, region=provider_part(r.provider_agb, r.region))
            for r in cases.refusals
            if r.provider_agb is not None
        ],
        stays=[
            replace(
                s,
                provider_region=provider_part(s.provider_agb, s.provider_region),
                home_region=provider_part(s.provider_agb, s.provider_region),
            )
            for s in cases.stays
            if s.provider_agb is not None
        ],
        anomalies=[
            replace(a, region=provider_part(a.provider_agb, a.region))
            for a in cases.anomalies
            if a.provider_agb is not None
        ],
    )
