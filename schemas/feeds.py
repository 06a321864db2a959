"""What a recipient receives on its feed topic (``jeugdhub.feed.<recipient>.v1``).

This is the hub's outward contract: a subscriber decodes these records with the published
Avro schema (``schemas/avro/FeedRelease.avsc``), with no code of ours. A release is either
the live capacity of the facilities in the recipient's scope (not personal data: exact) or
the person-derived figures of one closed period, protected by the recipient's regime
(``privacy/regimes/``, methods in ``privacy/disclosure/``). Every cell says how it was
protected, so a withheld value is never mistaken for a 0.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from schemas.records import Record


class ReleaseKind(StrEnum):
    CAPACITY = "CAPACITY"  # places declared, base availability, shortfall: live and exact
    FIGURES = "FIGURES"  # person-derived counts of one closed period, under the regime


class CellStatus(StrEnum):
    EXACT = "EXACT"  # the true value (capacity, or a 0 that protection leaves as it is)
    PERTURBED = "PERTURBED"  # cell-key perturbation: the same cell always gets this value
    SUPPRESSED = "SUPPRESSED"  # withheld: below the threshold, or protecting a cell that is
    NOISY = "NOISY"  # differentially private: noise from a stated yearly budget


class FeedCell(Record):
    """One published figure: what it counts, where, and how it was protected."""

    avro_name: ClassVar[str] = "FeedCell"
    figure: str = Field(description="figure name, e.g. occupied, placements, places_declared")
    region: str | None = Field(
        default=None,
        description="region the figure is about (a municipality's own figures: its CBS "
        "code); none: the recipient's scope",
    )
    care_function: str | None = Field(
        default=None, description="care function; none: the total over care functions"
    )
    category: str | None = Field(
        default=None,
        description="second dimension: a destination, or the other region of an "
        "inter-regional figure ('other-regions' for merged small rows); none: the total",
    )
    value: int | None = Field(default=None, description="none when withheld")
    status: CellStatus


class FeedRelease(Record):
    """One release to one recipient (key: ``kind/region-or-scope``)."""

    avro_name: ClassVar[str] = "FeedRelease"
    release_id: str = Field(description="stable id: the same release republished keeps it")
    recipient: str
    regime: str
    kind: ReleaseKind
    as_of: date = Field(description="event time: the figures describe the end of this day")
    period_start: date | None = Field(
        default=None, description="first day of the period that flow figures cover"
    )
    next_release: date | None = Field(
        default=None, description="when the next person-derived release is due (its as-of)"
    )
    published_at: datetime
    legal_basis: str
    purpose: str
    protection: str = Field(description="how person-derived counts are protected, in words")
    cells: list[FeedCell]
