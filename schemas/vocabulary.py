"""The closed vocabularies of the contract: every enum an event can carry.

Values equal their names so that they are valid Avro enum symbols and read the same in
Python, Avro and JSON.
"""

from enum import StrEnum


class OrganisationType(StrEnum):
    PROVIDER = "PROVIDER"  # identified by an 8-digit AGB code
    MUNICIPALITY = "MUNICIPALITY"  # 4-digit CBS code
    CERTIFIED_INSTITUTION = "CERTIFIED_INSTITUTION"  # GI code from reference data
    REGION = "REGION"  # youth-care region code from reference data
    HUB = "HUB"  # jeugdhub itself (derived events, the simulator)


class AgeBand(StrEnum):
    """Age in completed years at the event date (``privacy.age`` computes it).

    The edge makes only AGE_0_16, AGE_17, AGE_18_PLUS and UNKNOWN: the figures need no
    more than "17 or older at placement" and "turned 18 in care", and every finer band
    that changes under one pseudonym narrows down a birth date. The finer bands remain
    for events written before, which the stream processors still read.
    """

    AGE_0_3 = "AGE_0_3"
    AGE_4_11 = "AGE_4_11"
    AGE_12_15 = "AGE_12_15"
    AGE_16 = "AGE_16"
    AGE_17 = "AGE_17"
    AGE_18_22 = "AGE_18_22"
    AGE_23_PLUS = "AGE_23_PLUS"
    UNKNOWN = "UNKNOWN"
    # Appended, not inserted: an Avro enum is written as the index of its symbol.
    AGE_0_16 = "AGE_0_16"
    AGE_18_PLUS = "AGE_18_PLUS"


class LegalFramework(StrEnum):
    """Under which law the care is given; the last two are justice-regime data."""

    VOLUNTARY = "VOLUNTARY"
    CHILD_PROTECTION_MEASURE = "CHILD_PROTECTION_MEASURE"
    YOUTH_PROBATION = "YOUTH_PROBATION"


JUSTICE_FRAMEWORKS = frozenset(
    {LegalFramework.CHILD_PROTECTION_MEASURE, LegalFramework.YOUTH_PROBATION}
)
# The justice group of the care-function code list (iJw categories 47, 48 and 49): the
# work of a certified institution, justice-regime data whatever framework a source states.
JUSTICE_CARE_FUNCTIONS = frozenset(
    {"justice-youth-probation", "justice-child-protection", "justice-preventive"}
)


# Care given in one household: a family home (gezinshuis, iJw category 36) or a foster
# family (pleegzorg, 35). A location of such care is a family's home, so a person event
# carries its region instead (``schemas.records.Care.provider_region``); capacity, which
# is about places, not persons, keeps the location.
HOUSEHOLD_CARE_FUNCTIONS = frozenset({"family-home", "foster-care"})


def is_justice_data(care_function: str, legal_framework: str) -> bool:
    """The one definition of justice data (issue 9): care under a justice legal framework,
    or care of the justice group. Only the certified-institution regime may hold it, so
    the stream processors count it apart (``streams.youth_stage.justice``)."""
    return legal_framework in JUSTICE_FRAMEWORKS or care_function in JUSTICE_CARE_FUNCTIONS


class Referrer(StrEnum):
    """Who referred the youth (iJw Verwijzer Type, COD327)."""

    MUNICIPALITY = "MUNICIPALITY"  # 01
    GENERAL_PRACTITIONER = "GENERAL_PRACTITIONER"  # 02
    YOUTH_DOCTOR = "YOUTH_DOCTOR"  # 03
    CERTIFIED_INSTITUTION = "CERTIFIED_INSTITUTION"  # 04
    MEDICAL_SPECIALIST = "MEDICAL_SPECIALIST"  # 05
    SELF = "SELF"  # 06
    JUSTICE = "JUSTICE"  # 08: judge, prosecutor, juvenile justice official


class AssignmentDecision(StrEnum):
    GRANTED = "GRANTED"
    CHANGED = "CHANGED"
    VOIDED = "VOIDED"  # iJw RedenWijziging 13: treat as never sent


class WaitingStatus(StrEnum):
    INTAKE = "INTAKE"
    OFFER = "OFFER"
    OFFER_REFUSED = "OFFER_REFUSED"  # a provider said no: a contra-indication
    ASSIGNED = "ASSIGNED"  # the municipality granted the requested care


class RefusalReason(StrEnum):
    """Why a provider refused an offer (contra-indication)."""

    NO_MATCHING_EXPERTISE = "NO_MATCHING_EXPERTISE"
    SAFETY_RISK = "SAFETY_RISK"
    GROUP_COMPOSITION = "GROUP_COMPOSITION"
    AGE = "AGE"
    COMPLEXITY = "COMPLEXITY"
    NO_CAPACITY = "NO_CAPACITY"
    OTHER = "OTHER"


class RemovalReason(StrEnum):
    PLACED = "PLACED"
    WITHDRAWN = "WITHDRAWN"
    REFERRED_ELSEWHERE = "REFERRED_ELSEWHERE"


class EndReason(StrEnum):
    """Why a placement ended: the hub classes of iJw RedenBeeindiging (JZ588)."""

    PLANNED = "PLANNED"  # 31
    PREMATURE_BY_CLIENT = "PREMATURE_BY_CLIENT"  # 32
    PREMATURE_BY_PROVIDER = "PREMATURE_BY_PROVIDER"  # 33
    MUTUAL = "MUTUAL"  # 34
    EXTERNAL = "EXTERNAL"  # 35
    ADMINISTRATIVE = "ADMINISTRATIVE"  # 36, 37
    TRANSFER_TO_OTHER_PROVIDER = "TRANSFER_TO_OTHER_PROVIDER"  # 38
    OTHER_DOMAIN = "OTHER_DOMAIN"  # 39 (at 18+: the adult transition)
    DEATH = "DEATH"  # 02
    UNKNOWN = "UNKNOWN"


class Destination(StrEnum):
    """Where the youth goes after a placement, where the source knows it."""

    HOME = "HOME"
    FOSTER_CARE = "FOSTER_CARE"
    LIGHTER_RESIDENTIAL = "LIGHTER_RESIDENTIAL"
    INDEPENDENT_LIVING = "INDEPENDENT_LIVING"
    UNCONDITIONAL_HOUSING = "UNCONDITIONAL_HOUSING"
    ANOTHER_PLACEMENT = "ANOTHER_PLACEMENT"
    ADULT_CARE = "ADULT_CARE"
    UNKNOWN = "UNKNOWN"


class RetractionReason(StrEnum):
    SOURCE_DELETED = "SOURCE_DELETED"  # iJw StatusAanlevering 3, or the source withdrew it
    ASSIGNMENT_VOIDED = "ASSIGNMENT_VOIDED"  # iJw RedenWijziging 13
    CORRECTED = "CORRECTED"  # replaced by a corrected event


class PlacesChange(StrEnum):
    OPENED = "OPENED"
    CLOSED = "CLOSED"
