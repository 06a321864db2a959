"""Capacity per location x care function as of a date (DEFINITIONS.md, "now")."""

from dataclasses import dataclass
from datetime import date

from tests.reference_model.events import Event


@dataclass(frozen=True)
class LocationCapacity:
    """None where no declaration (or no base-availability agreement) applies."""

    declared: int | None
    base_availability: int | None


def location_capacity(events: list[Event], as_of: date) -> LocationCapacity:
    """From the capacity events of one location x care function."""
    return LocationCapacity(_declared(events, as_of), _base_availability(events, as_of))


def _declared(events: list[Event], as_of: date) -> int | None:
    applicable = [
        event
        for event in events
        if event.type == "PlacesDeclared" and event.record["valid_from"] <= as_of
    ]
    if not applicable:
        # Without a declaration, opened or closed places have nothing to change.
        return None
    # "by event date, then event_id", as the definition says for declarations.
    declaration = max(applicable, key=lambda event: (event.day, event.event_id))
    places: int = declaration.record["places"]
    changes = sorted(
        (
            event
            for event in events
            if event.type == "PlacesChanged" and declaration.day < event.day <= as_of
        ),
        key=lambda event: event.order,
    )
    for change in changes:
        sign = 1 if change.record["change"] == "OPENED" else -1
        # "never below 0" holds after every change, so places closed beyond zero are not
        # owed back by a later opening.
        places = max(0, places + sign * change.record["places"])
    return places


def _base_availability(events: list[Event], as_of: date) -> int | None:
    applicable = [
        event
        for event in events
        if event.type == "BaseAvailabilityAgreed"
        and event.record["valid_from"] <= as_of
        and (event.record["valid_until"] is None or as_of <= event.record["valid_until"])
    ]
    if not applicable:
        return None
    latest = max(applicable, key=lambda event: event.order)
    places: int = latest.record["places"]
    return places
