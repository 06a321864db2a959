"""The privacy edge: the one way a raw record becomes an event that may reach Kafka.

Here the BSN becomes a pseudonym, the birth date an age band, the address a municipality,
and names and free text are dropped; whether care was bought under a contract is looked
up in the organisation registry, and a deactivated organisation's records are refused.
Every connector calls :meth:`Edge.person_event` or :meth:`Edge.capacity_event`; the
publisher accepts only the :class:`VettedEvent` these return, and only this module can
make one.
"""

import hashlib
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from jeugdhub.errors import InvalidInputError, JeugdhubError
from privacy.age import AgeAtEvent, age_band
from privacy.bsn import validate_bsn
from privacy.keys import KeyDomain
from privacy.pseudonym import Pseudonym, Pseudonymiser
from privacy.raw_records import (
    RawCapacityRecord,
    RawCare,
    RawPersonRecord,
    RawRecordHeader,
    RawReference,
    RawYouth,
)
from schemas.catalog import EVENT_TYPES_BY_NAME, Event
from schemas.person_events import (
    PlacementEnded,
    PlacementResumed,
    PlacementStarted,
    PlacementSuspended,
)
from schemas.reference import (
    CertifiedInstitution,
    Municipality,
    Provider,
    ReferenceData,
    reference_data,
)
from schemas.vocabulary import (
    HOUSEHOLD_CARE_FUNCTIONS,
    JUSTICE_CARE_FUNCTIONS,
    LegalFramework,
    OrganisationType,
    is_justice_data,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A person event's id is a re-keyable pseudonym of the source's own id of the fact, in
# the case domain under the current version: not computable without the key store,
# because a source's own id may hold a BSN (the iJw logical key does) and an unkeyed hash
# of a BSN is easily reversed. A key migration carries it to the new version with the
# event's other pseudonyms, so a fact sent again after a rotation gets the id its
# migrated copy has and is still recognised as the same fact (``privacy.migration``).
EVENT_ID_SCOPE = "event-id"
# A capacity event's id is a plain hash: capacity is not personal data (places of a
# location), so its id needs no key, and no rotation or migration ever touches it.
_CAPACITY_EVENT_ID_LABEL = b"jeugdhub-capacity-event-id-v1"
PLACEMENT_EVENTS = (PlacementStarted, PlacementSuspended, PlacementResumed, PlacementEnded)
# Per justice care function (``schemas.vocabulary.JUSTICE_CARE_FUNCTIONS``) the legal
# frameworks a source may state; the first is taken when it states none. Never VOLUNTARY:
# a justice care function under a voluntary label would look like general care.
JUSTICE_FRAMEWORKS_OF = {
    "justice-youth-probation": (LegalFramework.YOUTH_PROBATION,),
    "justice-child-protection": (LegalFramework.CHILD_PROTECTION_MEASURE,),
    # iJw category 49: a certified institution's work in the preventive justice framework
    # ("drang"), mostly to avert a child-protection measure, sometimes a criminal one.
    "justice-preventive": (LegalFramework.CHILD_PROTECTION_MEASURE, LegalFramework.YOUTH_PROBATION),
}
assert JUSTICE_FRAMEWORKS_OF.keys() == JUSTICE_CARE_FUNCTIONS

Clock = Callable[[], datetime]


class RecordRejected(JeugdhubError):
    """A raw record cannot become an event; ``problems`` says which fields and why."""

    def __init__(self, problems: list[InvalidInputError]) -> None:
        unique = {str(problem): problem for problem in problems}
        self.problems = list(unique.values())
        super().__init__("; ".join(unique))


_SEAL = object()


class VettedEvent:
    """An event that passed the edge, and whether it is justice data (bound for the
    justice topic). Only ``privacy.edge`` can make one."""

    __slots__ = ("event", "justice")

    def __init__(self, event: Event, justice: bool, seal: object) -> None:
        if seal is not _SEAL:
            raise TypeError("only privacy.edge makes vetted events")
        self.event = event
        self.justice = justice


@dataclass(frozen=True)
class _Domains:
    youth: KeyDomain
    case: KeyDomain


GENERAL_DOMAINS = _Domains(KeyDomain.YOUTH, KeyDomain.CASE)
JUSTICE_DOMAINS = _Domains(KeyDomain.JUSTICE_YOUTH, KeyDomain.JUSTICE_CASE)


def migrated(event: Event, justice: bool) -> VettedEvent:
    """An event already on Kafka that ``privacy.migration`` changed only by re-keying its
    pseudonyms (or the retraction it makes of one): it passed this edge before, and the
    model's checks ran on the changed copy (``privacy.migration`` builds it)."""
    return VettedEvent(event, justice, _SEAL)


def _as_instant(value: datetime | date, field: str) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidInputError(field, "a date-time needs a time zone (e.g. +01:00 or Z)")
        return value.astimezone(UTC)
    # A date without time is a Dutch calendar date (iJw dates have no time zone).
    return datetime.combine(value, time(), AMSTERDAM).astimezone(UTC)


def _event_date(record: RawRecordHeader) -> date:
    """The Dutch calendar day of the event."""
    return _as_instant(record.occurred_at, "occurred_at").astimezone(AMSTERDAM).date()


def _source_fact(source_type: str, source_code: str, source_event_id: str) -> str:
    return f"{source_type}:{source_code}:{source_event_id}"


def capacity_event_id(source_type: str, source_code: str, source_event_id: str) -> str:
    """A capacity event's id: the same fact from the same source always gets it."""
    fact = _source_fact(source_type, source_code, source_event_id).encode("utf-8")
    return hashlib.sha256(_CAPACITY_EVENT_ID_LABEL + fact).hexdigest()


def _to_the_hour(instant: datetime) -> datetime:
    """A receipt time to the hour: enough to see how late a source reports, too coarse
    to match an event to one submission in a gateway's access log (to the microsecond,
    it did)."""
    return instant.replace(minute=0, second=0, microsecond=0)


def _problems(
    error: ValidationError, details: Mapping[str, Any] | None = None
) -> list[InvalidInputError]:
    """Pydantic's errors as field + reason, without the input values they carry.

    When validating a built event, a field the sender gave in ``details`` is named as
    ``details.<field>`` so the sender can find it in what they sent.
    """
    problems = []
    for detail in error.errors(include_input=False, include_url=False):
        location = [str(part) for part in detail["loc"]]
        if details is not None and location and location[0] in details:
            location.insert(0, "details")
        problems.append(InvalidInputError(".".join(location) or "record", detail["msg"]))
    return problems


class Edge:
    """Turns raw records into vetted events (see the module docstring)."""

    def __init__(
        self,
        pseudonymiser: Pseudonymiser,
        reference: ReferenceData | None = None,
        clock: Clock = lambda: datetime.now(UTC),
    ) -> None:
        self._pseudonymiser = pseudonymiser
        self._reference = reference or reference_data()
        self._clock = clock

    # -- entry points -------------------------------------------------------------------

    def person_event(
        self, raw: RawPersonRecord | Mapping[str, Any], justice_events: Container[str] = ()
    ) -> VettedEvent:
        """The event of a raw person record. Justice data (``is_justice_data``) is
        pseudonymised under the justice domains and bound for the justice topic; a
        retraction goes where the event it retracts is, which ``justice_events`` (the ids
        of events on the justice topic) tells, for it carries no care to judge by."""
        record = self._parse(RawPersonRecord, raw)
        assert isinstance(record, RawPersonRecord)
        problems: list[InvalidInputError] = []
        fields: dict[str, Any] = {
            "envelope": self._guard(problems, lambda r: self._envelope(r, self.event_id), record)
        }
        if record.event_type == "EventRetracted":
            retracted = self._guard(problems, self._retracted_id, record)
            fields["retracted_event_id"] = retracted
            justice = retracted in justice_events
        else:
            care = fields["care"] = self._guard(problems, self._care, record)
            justice = care is not None and is_justice_data(
                care["care_function"], care["legal_framework"]
            )
        domains = JUSTICE_DOMAINS if justice else GENERAL_DOMAINS
        fields["youth"] = self._youth(record, domains.youth, problems)
        if fields.get("care") is not None and fields["youth"] is not None:
            fields["care"]["contracted"] = self._contracted(
                fields["care"], fields["youth"]["home_region"], record
            )
        for name in ("registration_ref", "assignment_ref", "placement_ref"):
            reference = getattr(record, name)
            if reference is not None:
                fields[name] = self._case_reference(reference, record, domains.case)
        return self._build(record, fields, problems, justice=justice)

    def capacity_event(self, raw: RawCapacityRecord | Mapping[str, Any]) -> VettedEvent:
        record = self._parse(RawCapacityRecord, raw)
        assert isinstance(record, RawCapacityRecord)
        problems: list[InvalidInputError] = []
        fields: dict[str, Any] = {
            "envelope": self._guard(
                problems, lambda r: self._envelope(r, capacity_event_id), record
            ),
            "care_function": record.care_function,
        }
        try:
            location = self._reference.location(
                record.provider_agb, record.location_code, field="location_code"
            )
            if not location.active:
                raise InvalidInputError(
                    "location_code",
                    f"location {location.agb_code}/{location.location_code} is deactivated in "
                    "the organisation registry: it reports no capacity any more",
                )
            fields["location"] = {
                "provider_agb": location.agb_code,
                "location_code": location.location_code,
                "municipality": location.municipality_code,
                "region": location.region_code,
            }
        except InvalidInputError as problem:
            problems.append(problem)
        return self._build(record, fields, problems, justice=False)

    def event_id(self, source_type: str, source_code: str, source_event_id: str) -> str:
        """A person event's id: deterministic, the same fact from the same source always
        gets the same id under one key version (and its migrated id under the next)."""
        pseudonym = self._pseudonymiser.pseudonymise(
            KeyDomain.CASE,
            _source_fact(source_type, source_code, source_event_id),
            scope=EVENT_ID_SCOPE,
        )
        return pseudonym.value

    # -- parts --------------------------------------------------------------------------

    @staticmethod
    def _parse(
        model: type[RawPersonRecord] | type[RawCapacityRecord],
        raw: RawRecordHeader | Mapping[str, Any],
    ) -> RawRecordHeader:
        if isinstance(raw, model):
            return raw
        try:
            return model.model_validate(raw)
        except ValidationError as error:
            raise RecordRejected(_problems(error)) from None

    @staticmethod
    def _guard(
        problems: list[InvalidInputError],
        part: Callable[[Any], Any],
        record: Any,
    ) -> Any:
        """Run one derivation, collecting its problem so all are reported at once."""
        try:
            return part(record)
        except InvalidInputError as problem:
            problems.append(problem)
            return None

    def _envelope(
        self, record: RawRecordHeader, event_id: Callable[[str, str, str], str]
    ) -> dict[str, Any]:
        source = record.source
        self._require_active(source.organisation_type, source.code)
        return {
            "event_id": event_id(source.organisation_type, source.code, record.source_event_id),
            "occurred_at": _as_instant(record.occurred_at, "occurred_at"),
            "reported_at": _to_the_hour(
                _as_instant(record.reported_at or self._clock(), "reported_at")
            ),
            "source": source,
        }

    def _require_active(self, organisation_type: OrganisationType, code: str) -> None:
        """A deactivated organisation keeps its history but submits nothing new."""
        organisation: Provider | CertifiedInstitution
        if organisation_type is OrganisationType.PROVIDER:
            organisation = self._reference.provider(code, "source.code")
        elif organisation_type is OrganisationType.CERTIFIED_INSTITUTION:
            organisation = self._reference.certified_institution(code, "source.code")
        else:
            return
        if not organisation.active:
            raise InvalidInputError(
                "source.code",
                f"{code} is deactivated in the organisation registry: its submissions are "
                "refused (ask the hub's operator to register it again if it still gives care)",
            )

    def _contracted(
        self, care: dict[str, Any], home_region: str, record: RawRecordHeader
    ) -> bool | None:
        """Whether the youth's region bought this care from its provider on the event date.

        From the registry's contracts alone: a flag the sender sets is not asked for.
        Unknown (None) when the record names no provider.
        """
        provider = care["provider_agb"]
        if provider is None:
            return None
        day = _event_date(record)
        return self._reference.is_contracted(home_region, provider, care["care_function"], day)

    def _retracted_id(self, record: RawPersonRecord) -> str:
        if record.retracts_source_event_id is None:
            raise InvalidInputError(
                "retracts_source_event_id", "required: which earlier event is retracted"
            )
        source = record.source
        return self.event_id(source.organisation_type, source.code, record.retracts_source_event_id)

    def _youth(
        self, record: RawPersonRecord, domain: KeyDomain, problems: list[InvalidInputError]
    ) -> Any:
        """Pseudonym, age band and municipality: each checked, all problems reported."""
        youth: RawYouth = record.youth
        pseudonym = self._guard(problems, lambda y: self._pseudonym(y, domain), youth)
        age = self._guard(problems, self._age, record)
        municipality = self._guard(problems, self._residence, youth)
        if pseudonym is None or age is None or municipality is None:
            return None
        return {
            "pseudonym": pseudonym.value,
            "pseudonym_key_version": pseudonym.key_version,
            "age_band": age.band,
            "age_band_approximate": age.approximate,
            "municipality": municipality.code,
            "home_region": municipality.region_code,
        }

    def _pseudonym(self, youth: RawYouth, domain: KeyDomain) -> Pseudonym:
        bsn = validate_bsn(youth.bsn, field="youth.bsn")
        return self._pseudonymiser.pseudonymise(domain, bsn)

    @staticmethod
    def _age(record: RawPersonRecord) -> AgeAtEvent:
        youth = record.youth
        return age_band(
            youth.birth_date, _event_date(record), youth.birth_date_use, "youth.birth_date"
        )

    def _residence(self, youth: RawYouth) -> Municipality:
        if youth.municipality is not None:
            return self._reference.municipality(youth.municipality, field="youth.municipality")
        postcode = youth.address.postcode if youth.address else None
        if postcode is None:
            raise InvalidInputError(
                "youth.municipality", "required (or youth.address.postcode to derive it from)"
            )
        return self._reference.municipality_for_postcode(postcode, field="youth.address.postcode")

    def _care(self, record: RawPersonRecord) -> dict[str, Any]:
        care: RawCare | None = record.care
        if care is None:
            raise InvalidInputError("care", f"required for {record.event_type}")
        if care.care_function is not None:
            function = self._reference.care_function(care.care_function, field="care.care_function")
        elif care.ijw_category is not None:
            commissioning = care.commissioning_municipality or record.youth.municipality
            if commissioning is None:
                raise InvalidInputError(
                    "care.commissioning_municipality", "required to read a regional product code"
                )
            function = self._reference.care_function_for_ijw(
                care.ijw_category, care.ijw_product_code, commissioning, field="care.ijw_category"
            )
        else:
            raise InvalidInputError("care.care_function", "required (or care.ijw_category)")
        event_type = EVENT_TYPES_BY_NAME[record.event_type]
        if issubclass(event_type, PLACEMENT_EVENTS) and not function.placement:
            raise InvalidInputError(
                "care.care_function",
                f"{function.code!r} is not a placement; the hub records placements only for "
                "residential, crisis, closed and similar care functions",
            )
        return {
            "care_function": function.code,
            "provider_agb": care.provider_agb,
            **self._where(function.code, care.provider_agb, care.provider_location),
            "legal_framework": self._legal_framework(function.code, care.legal_framework),
        }

    def _where(
        self, care_function: str, provider_agb: str | None, location_code: str | None
    ) -> dict[str, str | None]:
        """The location; for care in one household (``HOUSEHOLD_CARE_FUNCTIONS``) only
        its region, which is all a figure needs of it: a family home's location is the
        address of a family."""
        if care_function not in HOUSEHOLD_CARE_FUNCTIONS or location_code is None:
            return {"provider_location": location_code}
        if provider_agb is None:
            raise InvalidInputError("care.provider_agb", "required with care.provider_location")
        location = self._reference.location(
            provider_agb, location_code, field="care.provider_location"
        )
        return {"provider_location": None, "provider_region": location.region_code}

    @staticmethod
    def _legal_framework(care_function: str, given: LegalFramework | None) -> LegalFramework:
        allowed = JUSTICE_FRAMEWORKS_OF.get(care_function)
        if allowed is None:
            return given or LegalFramework.VOLUNTARY
        if given is None:
            return allowed[0]
        if given not in allowed:
            frameworks = " or ".join(framework.value for framework in allowed)
            raise InvalidInputError(
                "care.legal_framework", f"{care_function!r} care is always {frameworks}"
            )
        return given

    def _case_reference(
        self, reference: RawReference, record: RawPersonRecord, domain: KeyDomain
    ) -> str:
        scope = reference.issued_by or (f"{record.source.organisation_type}:{record.source.code}")
        return self._pseudonymiser.pseudonymise(domain, reference.value, scope).value

    def _build(
        self,
        record: RawRecordHeader,
        fields: dict[str, Any],
        problems: list[InvalidInputError],
        *,
        justice: bool,
    ) -> VettedEvent:
        if problems:
            raise RecordRejected(problems)
        overlap = set(record.details) & set(fields)
        if overlap:
            raise RecordRejected(
                [InvalidInputError(f"details.{name}", "is set by the hub") for name in overlap]
            )
        model = EVENT_TYPES_BY_NAME[record.event_type]  # type: ignore[attr-defined]
        try:
            event = model.model_validate({**fields, **record.details})
        except ValidationError as error:
            raise RecordRejected(_problems(error, record.details)) from None
        return VettedEvent(event, justice, _SEAL)  # type: ignore[arg-type]
