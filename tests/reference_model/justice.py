"""Justice data, read from DEFINITIONS.md "Justice data" and the reference data alone.

An event is justice data when its care's legal framework is child protection or youth
probation, or when its care function is one that iJw product categories 47
(Jeugdreclassering), 48 (Jeugdbescherming) and 49 (preventief justitieel kader) stand
for. The two sets are split before anything else (deduplication, retraction, voiding):
capacity events and other person events are general, retractions are in both. Before
that, a restricted youth's events leave both (``restriction``).
"""

from collections.abc import Iterable
from functools import cache

from schemas.reference import reference_data
from tests.reference_model.events import DecodedEvent
from tests.reference_model.restriction import unrestricted

JUSTICE_LEGAL_FRAMEWORKS = ("CHILD_PROTECTION_MEASURE", "YOUTH_PROBATION")
JUSTICE_IJW_CATEGORIES = ("47", "48", "49")


@cache
def justice_care_functions() -> frozenset[str]:
    data = reference_data()
    return frozenset(data.ijw_category(c).default_care_function for c in JUSTICE_IJW_CATEGORIES)


def general_events(events: Iterable[DecodedEvent]) -> list[DecodedEvent]:
    """The events the general figures are computed from (none of a restricted youth)."""
    return [
        (name, record) for name, record in unrestricted(events) if not _is_justice(name, record)
    ]


def justice_events(events: Iterable[DecodedEvent]) -> list[DecodedEvent]:
    """The events the justice figures are computed from (none of a restricted youth)."""
    return [
        (name, record)
        for name, record in unrestricted(events)
        if name == "EventRetracted" or _is_justice(name, record)
    ]


def _is_justice(name: str, record: dict[str, object]) -> bool:
    care = record.get("care")
    if not isinstance(care, dict):
        return False  # capacity events and retractions have no care
    return (
        care["legal_framework"] in JUSTICE_LEGAL_FRAMEWORKS
        or care["care_function"] in justice_care_functions()
    )
