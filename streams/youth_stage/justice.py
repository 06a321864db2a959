"""Where justice data leaves the general count: a youth's events split in two sets.

Stage 1 splits each youth's set of events into its general part and its justice part
*before* deriving any fact (DEFINITIONS.md "Justice data"), and derives each part on its
own. The general figures are computed from the general part alone, so no regime that may
not hold justice data ever sees a count that included it (nothing is subtracted
afterwards); the justice part gives the same figures on an internal topic of its own for
the certified-institution regime.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from schemas.vocabulary import is_justice_data
from streams.youth_stage.counted import RETRACTED
from streams.youth_stage.youth_event import YouthEvent


@dataclass(frozen=True, slots=True)
class Parts:
    general: list[YouthEvent]
    justice: list[YouthEvent]


def split(events: Iterable[YouthEvent]) -> Parts:
    """The events of each part. A retraction has no care to judge it by: it goes to both
    parts, where retracting an id the part does not hold is a no-op."""
    parts = Parts([], [])
    for event in events:
        if event.name == RETRACTED:
            parts.general.append(event)
            parts.justice.append(event)
        elif is_justice(event):
            parts.justice.append(event)
        else:
            parts.general.append(event)
    return parts


def is_justice(event: YouthEvent) -> bool:
    """Whether a person event with care is justice data (``schemas.vocabulary``)."""
    assert event.care_function is not None and event.legal_framework is not None
    return is_justice_data(event.care_function, event.legal_framework)
