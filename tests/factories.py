"""Raw records of every event type, as a provider or municipality would send them.

The identifying values are parameters, so a test can plant its own and then look for
them where they must never appear.
"""

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from privacy.edge import Edge
from privacy.keys import KeyStore
from privacy.pseudonym import Pseudonymiser

PROVIDER = {"organisation_type": "PROVIDER", "code": "99000001"}  # invented AGB: Altrecht
MUNICIPALITY = {"organisation_type": "MUNICIPALITY", "code": "0307"}  # Amersfoort
CARE = {
    "care_function": "residential-clinical-mental-health",
    "provider_agb": "99000001",
    "provider_location": "L01",
}


@dataclass(frozen=True)
class Identity:
    """What a source knows about a youth; every field is identifying."""

    bsn: str = "999991103"
    name: str = "Jantje Testpersoon"
    birth_date: date = date(2009, 5, 17)
    postcode: str = "3811 AB"
    street: str = "Testlaan"
    comment: str = "moeder belde over Jantje"

    def youth(self) -> dict[str, Any]:
        return {
            "bsn": self.bsn,
            "birth_date": self.birth_date.isoformat(),
            "name": self.name,
            "address": {"street": self.street, "house_number": "12", "postcode": self.postcode},
        }


def make_edge(tmp_path: Path) -> Edge:
    tmp_path.mkdir(parents=True, exist_ok=True)
    store = KeyStore.create(tmp_path / "keystore.json", os.urandom(32))
    return Edge(Pseudonymiser(store))


def person_records(who: Identity = Identity(), prefix: str = "e") -> list[dict[str, Any]]:
    """One raw record of every person event type, all about ``who``."""

    def record(event_type: str, n: int, **fields: Any) -> dict[str, Any]:
        return {
            "event_type": event_type,
            "source": PROVIDER,
            "source_event_id": f"{prefix}-{n}",
            "occurred_at": f"2026-03-{n + 1:02d}",
            "youth": who.youth(),
            "comment": who.comment,
            **fields,
        }

    registration = {"value": "REF-2026-0042"}
    placement = {"value": "PL-77"}
    return [
        record(
            "WaitingListRegistered",
            1,
            care=CARE,
            registration_ref=registration,
            details={"requested_start": "2026-04-01", "referrer": "YOUTH_DOCTOR"},
        ),
        {
            **record(
                "AssignmentDecided",
                2,
                care=CARE,
                assignment_ref={"value": "070010001"},
                registration_ref={**registration, "issued_by": "PROVIDER:99000001"},
                details={"decision": "GRANTED", "valid_from": "2026-04-01"},
            ),
            "source": MUNICIPALITY,
        },
        record(
            "WaitingListStatusChanged",
            3,
            care=CARE,
            registration_ref=registration,
            details={"status": "OFFER_REFUSED", "refusal_reason": "GROUP_COMPOSITION"},
        ),
        record(
            "WaitingListRemoved",
            4,
            care=CARE,
            registration_ref=registration,
            details={"reason": "PLACED"},
        ),
        record("PlacementStarted", 5, care=CARE, placement_ref=placement),
        record("PlacementSuspended", 6, care=CARE, placement_ref=placement),
        record("PlacementResumed", 7, care=CARE, placement_ref=placement),
        record(
            "PlacementEnded",
            8,
            care=CARE,
            placement_ref=placement,
            details={"end_reason": "PLANNED", "ijw_end_reason": "31", "destination": "HOME"},
        ),
        record(
            "EventRetracted",
            9,
            retracts_source_event_id=f"{prefix}-6",
            details={"reason": "SOURCE_DELETED"},
        ),
    ]


def capacity_records(prefix: str = "c") -> list[dict[str, Any]]:
    """One raw record of every capacity event type."""
    base = {
        "source": PROVIDER,
        "occurred_at": "2026-01-05",
        "provider_agb": "99000001",
        "location_code": "L01",
        "care_function": "residential-clinical-mental-health",
    }
    return [
        {
            **base,
            "event_type": "PlacesDeclared",
            "source_event_id": f"{prefix}-1",
            "details": {"places": 24, "valid_from": "2026-01-01"},
        },
        {
            **base,
            "event_type": "BaseAvailabilityAgreed",
            "source_event_id": f"{prefix}-2",
            "source": {"organisation_type": "REGION", "code": "utrecht-stad"},
            "details": {"places": 18, "agreed_by": "utrecht-stad", "valid_from": "2026-01-01"},
        },
        {
            **base,
            "event_type": "PlacesChanged",
            "source_event_id": f"{prefix}-3",
            "details": {"change": "CLOSED", "places": 4},
        },
    ]
