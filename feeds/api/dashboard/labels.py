"""The dashboard's Dutch words: the regions' own names for the figures, and what a status means.

Figure names are the regimes' (``privacy/regimes``); care functions and regions are named
as the reference data names them (``schemas/reference/data``). A code the reference data
does not know is shown as it is rather than hidden.
"""

from datetime import date

from feeds.api.csv_export import STATUS
from jeugdhub.errors import UnknownCodeError
from schemas.feeds import CellStatus
from schemas.reference import reference_data
from schemas.vocabulary import Destination

FIGURES = {
    "places_declared": "Plaatsen",
    "base_availability": "Basisbeschikbaarheid",
    "shortfall": "Tekort op basisbeschikbaarheid",
    "occupied": "Bezet",
    "waiting": "Wachtend",
    "waiting_days_median": "Mediane wachttijd (dagen)",
    "waiting_days_p90": "Wachttijd 90e percentiel (dagen)",
    "registrations": "Aanmeldingen wachtlijst",
    "placements": "Instroom (plaatsingen)",
    "discharges": "Uitstroom",
    "replacements": "Doorplaatsingen",
    "refusals": "Weigeringen",
    "non_contracted": "Plaatsingen bij niet-gecontracteerd aanbod",
    "placements_17_plus": "Plaatsingen van 17-plussers",
    "transitions_18": "18-/18+-overgangen",
    "inter_regional_in": "Jongeren uit die regio hier geplaatst",
    "inter_regional_out": "Eigen jongeren in die regio geplaatst",
}

DESTINATIONS = {
    Destination.HOME: "naar huis",
    Destination.FOSTER_CARE: "naar pleegzorg",
    Destination.LIGHTER_RESIDENTIAL: "naar lichter verblijf",
    Destination.INDEPENDENT_LIVING: "naar zelfstandig wonen",
    Destination.UNCONDITIONAL_HOUSING: "naar onvoorwaardelijk wonen",
    Destination.ANOTHER_PLACEMENT: "naar een andere plaatsing",
    Destination.ADULT_CARE: "naar volwassenenzorg",
    Destination.UNKNOWN: "bestemming onbekend",
}
OTHER_REGIONS = "other-regions"  # small rows of the inter-regional matrix, merged

TOTAL = "Totaal"

# One line each, shown under every table and chart in which the status occurs.
STATUS_EXPLANATIONS = {
    CellStatus.EXACT: "exact: het werkelijke getal.",
    CellStatus.PERTURBED: (
        "≈ verstoord: met een vaste sleutel een klein beetje veranderd (cell-key), zodat "
        "geen jongere te herkennen is; hetzelfde getal blijft steeds dezelfde waarde houden."
    ),
    CellStatus.SUPPRESSED: (
        "onderdrukt: niet gepubliceerd omdat het getal te klein is of een klein getal zou "
        "verraden; het is geen 0."
    ),
    CellStatus.NOISY: (
        "≈ met ruis: toevallige ruis toegevoegd binnen een jaarbudget (differential privacy)."
    ),
}
# The status words of the feed's CSV, so the page and its downloads say the same.
STATUS_WORDS = STATUS


def figure(name: str) -> str:
    return FIGURES.get(name, name)


def care_function(code: str | None) -> str:
    if code is None:
        return TOTAL
    try:
        return reference_data().care_function(code).name_nl
    except UnknownCodeError:
        return code


def region(code: str | None) -> str:
    if code is None:
        return TOTAL
    if code == OTHER_REGIONS:
        return "overige regio's"
    try:
        return reference_data().region(code).name
    except UnknownCodeError:
        return code


def category(code: str | None) -> str:
    """A destination, or the other region of an inter-regional figure."""
    if code is None:
        return TOTAL
    if code in Destination.__members__:
        return DESTINATIONS[Destination(code)]
    return region(code)


def day(value: date | None) -> str:
    return "" if value is None else value.strftime("%d-%m-%Y")
