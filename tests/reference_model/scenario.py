"""Test helper: hand-made events through the real privacy edge, decoded as a consumer would.

Every event of a scenario goes through one edge (one key store), so the pseudonyms of one
youth and of one case reference agree across its events.
"""

from datetime import date
from pathlib import Path
from typing import Any

from schemas.codec import decode_record, encode
from tests.factories import PROVIDER, make_edge
from tests.reference_model.events import DecodedEvent
from tests.reference_model.figures import (
    recompute,
    recompute_justice,
    recompute_providers,
    recompute_residents,
)

MUNICIPALITY = {"organisation_type": "MUNICIPALITY", "code": "0307"}
# Assignment numbers are the municipality's, whoever sends them: one scope for all.
ASSIGNMENT_ISSUER = "MUNICIPALITY:0307"
MENTAL_HEALTH = "residential-clinical-mental-health"
BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def synthetic_bsn(n: int) -> str:
    """The n-th of a series of distinct numbers that pass the 11-proef."""
    # Ten candidates per n: the eighth digit has weight 2, so at most one of them needs
    # the impossible check digit 10.
    for candidate in range(20_000_000 + 10 * n, 20_000_000 + 10 * n + 10):
        digits = f"{candidate:08d}"
        check = sum(w * int(d) for w, d in zip(BSN_WEIGHTS, digits, strict=True)) % 11
        if check < 10:
            return f"{digits}{check}"
    raise AssertionError("unreachable: one of ten candidates always has a check digit")


def raw_youth(
    n: int = 0, municipality: str = "0307", birth_date: date = date(2009, 5, 17)
) -> dict[str, Any]:
    """A raw youth; 0307 (Amersfoort) lies in eemland, 0344 (Utrecht) in utrecht-stad."""
    return {
        "bsn": synthetic_bsn(n),
        "birth_date": birth_date.isoformat(),
        "municipality": municipality,
    }


def raw_care(
    care_function: str = MENTAL_HEALTH,
    provider_agb: str | None = "99000001",
    location: str | None = "L01",
    contracted: bool | None = True,
) -> dict[str, Any]:
    """Raw care; 99000001/L01 lies in utrecht-stad."""
    return {
        "care_function": care_function,
        "provider_agb": provider_agb,
        "provider_location": location,
        "contracted": contracted,
    }


class Scenario:
    """Collects the decoded events of one test and recomputes the figures from them."""

    def __init__(self, tmp_path: Path) -> None:
        self.edge = make_edge(tmp_path / "keys")
        self.events: list[DecodedEvent] = []
        self._numbered = 0

    def _next_id(self) -> str:
        self._numbered += 1
        return f"s-{self._numbered}"

    def person(
        self,
        event_type: str,
        on: str,
        *,
        who: dict[str, Any] | None = None,
        care: dict[str, Any] | None = None,
        registration: str | None = None,
        placement: str | None = None,
        assignment: str | None = None,
        retracts: str | None = None,
        source: dict[str, str] = PROVIDER,
        **details: Any,
    ) -> str:
        """Adds one person event; returns its source_event_id (for a retraction).

        ``on`` is a calendar date (YYYY-MM-DD, Dutch) or a date-time with zone.
        """
        source_event_id = self._next_id()
        raw: dict[str, Any] = {
            "event_type": event_type,
            "source": source,
            "source_event_id": source_event_id,
            "occurred_at": on,
            "youth": who if who is not None else raw_youth(),
            "details": details,
        }
        if event_type != "EventRetracted":
            raw["care"] = care if care is not None else raw_care()
        if registration is not None:
            raw["registration_ref"] = {"value": registration}
        if placement is not None:
            raw["placement_ref"] = {"value": placement}
        if assignment is not None:
            raw["assignment_ref"] = {"value": assignment, "issued_by": ASSIGNMENT_ISSUER}
        if retracts is not None:
            raw["retracts_source_event_id"] = retracts
        self.events.append(decode_record(encode(self.edge.person_event(raw).event)))
        return source_event_id

    def capacity(
        self,
        event_type: str,
        on: str,
        *,
        provider_agb: str = "99000001",
        location: str = "L01",
        care_function: str = MENTAL_HEALTH,
        **details: Any,
    ) -> str:
        source_event_id = self._next_id()
        raw = {
            "event_type": event_type,
            "source": PROVIDER,
            "source_event_id": source_event_id,
            "occurred_at": on,
            "provider_agb": provider_agb,
            "location_code": location,
            "care_function": care_function,
            "details": details,
        }
        self.events.append(decode_record(encode(self.edge.capacity_event(raw).event)))
        return source_event_id

    def figures(self, replacement_window_days: int = 30) -> dict[str, dict[str, Any]]:
        """The general figures' counts: the cell keys are left out (``test_cell_keys``
        checks them), so a test of a count reads as the count."""
        return without_keys(recompute(self.events, replacement_window_days))

    def keyed_figures(self) -> dict[str, dict[str, Any]]:
        """The general figures, cell keys included."""
        return recompute(self.events)

    def justice_figures(self) -> dict[str, dict[str, Any]]:
        """The figures of the justice events, cell keys included."""
        return recompute_justice(self.events)

    def residents_figures(self) -> dict[str, dict[str, Any]]:
        """The figures per municipality of residence, without cell keys."""
        return without_keys(recompute_residents(self.events))

    def provider_figures(self) -> dict[str, dict[str, Any]]:
        """Every provider's part of every region figure, without cell keys."""
        return without_keys(recompute_providers(self.events))


def without_keys(value: Any) -> Any:
    """``value`` with every ``..._key`` entry of its dicts left out, at any depth."""
    if isinstance(value, dict):
        return {k: without_keys(v) for k, v in value.items() if not str(k).endswith("_key")}
    return value
