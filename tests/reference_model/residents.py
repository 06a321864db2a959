"""The municipality of residence, read from DEFINITIONS.md "Municipality of residence".

A municipality's figures are the general figures of the general events seen with each
youth's municipality (``youth.municipality``) as its home region and without a provider
location; capacity events describe places and are left out.
"""

import copy
from collections.abc import Iterable

from tests.reference_model.events import DecodedEvent


def as_residents(events: Iterable[DecodedEvent]) -> list[DecodedEvent]:
    """The person events (and retractions) as the municipality figures see them."""
    seen = []
    for name, record in events:
        if "location" in record:
            continue  # a capacity event
        resident = copy.deepcopy(record)
        if "youth" in resident:
            resident["youth"]["home_region"] = resident["youth"]["municipality"]
        if resident.get("care"):
            resident["care"]["provider_location"] = None
        seen.append((name, resident))
    return seen
