"""The CSV templates: one per event type a small provider reports, declared as tables.

Column names are Dutch, as a provider's spreadsheet has them; the README documents every
template. Which codes exist (municipalities, care functions, locations) is left to the
privacy edge, which checks them against the reference data; here a cell is only read.
"""

from collections.abc import Mapping
from types import MappingProxyType

from connectors.csv import dutch
from connectors.csv.converters import (
    calendar_date,
    choice,
    count,
    digits_restored,
    one_of,
    yes_no,
)
from connectors.csv.template import (
    KENMERK,
    RETRACTED_KENMERK,
    RETRACTED_TEMPLATE,
    Column,
    Template,
)
from privacy.raw_records import CapacityEventType, PersonEventType
from schemas.vocabulary import (
    Destination,
    EndReason,
    LegalFramework,
    PlacesChange,
    Referrer,
    RefusalReason,
    RemovalReason,
    RetractionReason,
    WaitingStatus,
)


def _agb_of_provider(source: Mapping[str, str]) -> str | None:
    # A provider's file is about its own care, so its rows need not repeat its AGB code.
    return source.get("code") if source.get("organisation_type") == "PROVIDER" else None


_agb = digits_restored(8, 1)
_municipality = digits_restored(4, 1)

_ROW = (
    Column(KENMERK, ("source_event_id",), required=True),
    Column("datum", ("occurred_at",), calendar_date, required=True),
)
_YOUTH = (
    Column("bsn", ("youth", "bsn"), digits_restored(9, 8), required=True),
    Column("geboortedatum", ("youth", "birth_date"), calendar_date, required=True),
    Column("naam", None),  # accepted so a spreadsheet can keep it; never copied
    Column("gemeente", ("youth", "municipality"), _municipality),
    Column("postcode", ("youth", "address", "postcode")),
)
_CARE = (
    Column("zorgfunctie", ("care", "care_function")),
    Column("productcategorie", ("care", "ijw_category")),
    Column("productcode", ("care", "ijw_product_code")),
    Column("gemeente_opdrachtgever", ("care", "commissioning_municipality"), _municipality),
    Column("agb", ("care", "provider_agb"), _agb, default=_agb_of_provider),
    Column("locatie", ("care", "provider_location")),
    Column(
        "juridisch_kader",
        ("care", "legal_framework"),
        choice(LegalFramework, dutch.LEGAL_FRAMEWORK),
    ),
)
_RESIDENCE = ("gemeente", "postcode")
_CARE_FUNCTION = ("zorgfunctie", "productcategorie")
_WITH_CARE = (_RESIDENCE, _CARE_FUNCTION)
_REGISTRATION = Column("referentie", ("registration_ref", "value"), required=True)
_PLACEMENT = Column("referentie", ("placement_ref", "value"), required=True)
_LOCATION = (
    Column("agb", ("provider_agb",), _agb, default=_agb_of_provider),
    Column("locatie", ("location_code",), required=True),
    Column("zorgfunctie", ("care_function",), required=True),
)


def _person(name: str, event_type: PersonEventType, *columns: Column) -> Template:
    return Template(name, event_type, (*_ROW, *_YOUTH, *_CARE, *columns), _WITH_CARE)


def _capacity(name: str, event_type: CapacityEventType, *columns: Column) -> Template:
    return Template(name, event_type, (*_ROW, *_LOCATION, *columns))


_PERSON_TEMPLATES = (
    _person(
        "aanmelding",
        "WaitingListRegistered",
        _REGISTRATION,
        Column("gewenste_startdatum", ("details", "requested_start"), calendar_date),
        Column("gewenste_einddatum", ("details", "requested_end"), calendar_date),
        Column("verwijzer", ("details", "referrer"), choice(Referrer, dutch.REFERRER)),
        Column("landelijk_contract", ("details", "framework_contract"), yes_no),
    ),
    _person(
        "wachtlijststatus",
        "WaitingListStatusChanged",
        _REGISTRATION,
        Column(
            "status",
            ("details", "status"),
            choice(WaitingStatus, dutch.WAITING_STATUS),
            required=True,
        ),
        Column(
            "weigerreden",
            ("details", "refusal_reason"),
            choice(RefusalReason, dutch.REFUSAL_REASON),
        ),
    ),
    _person(
        "afmelding-wachtlijst",
        "WaitingListRemoved",
        _REGISTRATION,
        Column(
            "reden",
            ("details", "reason"),
            choice(RemovalReason, dutch.REMOVAL_REASON),
            required=True,
        ),
    ),
    _person("plaatsing-start", "PlacementStarted", _PLACEMENT),
    _person("plaatsing-onderbreking", "PlacementSuspended", _PLACEMENT),
    _person("plaatsing-hervat", "PlacementResumed", _PLACEMENT),
    _person(
        "plaatsing-einde",
        "PlacementEnded",
        _PLACEMENT,
        Column(
            "reden",
            ("details", "end_reason"),
            choice(EndReason, dutch.END_REASON),
            required=True,
        ),
        Column("reden_ijw", ("details", "ijw_end_reason"), digits_restored(2, 1)),
        Column(
            "bestemming",
            ("details", "destination"),
            choice(Destination, dutch.DESTINATION),
        ),
    ),
)
_RETRACTION = Template(
    "intrekking",
    "EventRetracted",
    (
        *_ROW,
        *_YOUTH,
        Column(
            RETRACTED_TEMPLATE,
            None,  # only makes the retracted row's id, with ingetrokken_kenmerk
            one_of([template.name for template in _PERSON_TEMPLATES], "a person template"),
            required=True,
        ),
        Column(RETRACTED_KENMERK, ("retracts_source_event_id",), required=True),
        Column(
            "reden",
            ("details", "reason"),
            choice(RetractionReason, dutch.RETRACTION_REASON),
            required=True,
        ),
    ),
    (_RESIDENCE,),
)
_CAPACITY_TEMPLATES = (
    _capacity(
        "capaciteit",
        "PlacesDeclared",
        Column("plaatsen", ("details", "places"), count, required=True),
        Column("ingangsdatum", ("details", "valid_from"), calendar_date, required=True),
    ),
    _capacity(
        "basisbeschikbaarheid",
        "BaseAvailabilityAgreed",
        Column("plaatsen", ("details", "places"), count, required=True),
        Column("regio", ("details", "agreed_by"), required=True),
        Column("ingangsdatum", ("details", "valid_from"), calendar_date, required=True),
        Column("einddatum", ("details", "valid_until"), calendar_date),
    ),
    _capacity(
        "plaatsen-gewijzigd",
        "PlacesChanged",
        Column(
            "wijziging",
            ("details", "change"),
            choice(PlacesChange, dutch.PLACES_CHANGE),
            required=True,
        ),
        Column("plaatsen", ("details", "places"), count, required=True),
    ),
)

TEMPLATES: Mapping[str, Template] = MappingProxyType(
    {
        template.name: template
        for template in (*_PERSON_TEMPLATES, _RETRACTION, *_CAPACITY_TEMPLATES)
    }
)
# Each record field is filled from one column name in every template (a test holds this
# true), so a problem the privacy edge finds can be named by its column without knowing
# the template: the edge reports "youth.bsn", the provider's spreadsheet says "bsn".
_COLUMN_OF_FIELD = {
    ".".join(column.path): column.name
    for template in TEMPLATES.values()
    for column in template.columns
    if column.path is not None
}


def template_names() -> list[str]:
    return list(TEMPLATES)


def column_for_field(field: str) -> str | None:
    """The Dutch column a raw-record field (as the edge names it) is read from, if any."""
    return _COLUMN_OF_FIELD.get(field)
