"""The names a regime grants: the figures the egress builds from the region figures, and the
dimensions it breaks them down by.

These are the table names of egress tables (``privacy.disclosure.cells.Table.name``), so a
policy file, the egress and the feeds all spell them one way. What each figure counts is in
``streams/DEFINITIONS.md``.
"""

from enum import StrEnum


class Figure(StrEnum):
    # person-derived: each counts youths or their events, so it leaves only protected
    OCCUPIED = "occupied"
    WAITING = "waiting"
    WAITING_DAYS_MEDIAN = "waiting_days_median"
    WAITING_DAYS_P90 = "waiting_days_p90"
    REGISTRATIONS = "registrations"
    PLACEMENTS = "placements"
    DISCHARGES = "discharges"  # by destination
    REPLACEMENTS = "replacements"
    REFUSALS = "refusals"
    NON_CONTRACTED = "non_contracted"
    PLACEMENTS_17_PLUS = "placements_17_plus"
    TRANSITIONS_18 = "transitions_18"
    INTER_REGIONAL_IN = "inter_regional_in"  # open stays here, by home region
    INTER_REGIONAL_OUT = (
        "inter_regional_out"  # own youths' open stays elsewhere, by provider region
    )
    # capacity: facts about locations, not about persons; exact and live
    PLACES_DECLARED = "places_declared"
    BASE_AVAILABILITY = "base_availability"
    SHORTFALL = "shortfall"


CAPACITY_FIGURES = frozenset({Figure.PLACES_DECLARED, Figure.BASE_AVAILABILITY, Figure.SHORTFALL})
PERCENTILE_FIGURES = frozenset({Figure.WAITING_DAYS_MEDIAN, Figure.WAITING_DAYS_P90})
FLOW_MATRIX_FIGURES = frozenset({Figure.INTER_REGIONAL_IN, Figure.INTER_REGIONAL_OUT})


class Dimension(StrEnum):
    # The region a cell is about, when a scope holds several: without it a release for
    # several regions holds their totals only.
    REGION = "region"
    CARE_FUNCTION = "care_function"
    DESTINATION = "destination"
    HOME_REGION = "home_region"
    PROVIDER_REGION = "provider_region"
