"""The Dutch words a spreadsheet may use for each value of the contract's enums.

The first word listed for a member is the one the README and the example files use; the
others are common ways of saying the same. Matching ignores case, accents, spaces,
hyphens and underscores (``converters.choice``), and the English symbol is always
accepted as well, so a word here never needs its variants in spelling.
"""

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

LEGAL_FRAMEWORK = {
    "vrijwillig": LegalFramework.VOLUNTARY,
    "vrijwillig kader": LegalFramework.VOLUNTARY,
    "kinderbeschermingsmaatregel": LegalFramework.CHILD_PROTECTION_MEASURE,
    "jeugdbescherming": LegalFramework.CHILD_PROTECTION_MEASURE,
    "jeugdreclassering": LegalFramework.YOUTH_PROBATION,
}

REFERRER = {
    "gemeente": Referrer.MUNICIPALITY,
    "wijkteam": Referrer.MUNICIPALITY,
    "huisarts": Referrer.GENERAL_PRACTITIONER,
    "jeugdarts": Referrer.YOUTH_DOCTOR,
    "gecertificeerde instelling": Referrer.CERTIFIED_INSTITUTION,
    "gi": Referrer.CERTIFIED_INSTITUTION,
    "medisch specialist": Referrer.MEDICAL_SPECIALIST,
    "zelf": Referrer.SELF,
    "zelfverwijzer": Referrer.SELF,
    "justitie": Referrer.JUSTICE,
    "rechter": Referrer.JUSTICE,
}

WAITING_STATUS = {
    "intake": WaitingStatus.INTAKE,
    "aanbod": WaitingStatus.OFFER,
    "aanbod geweigerd": WaitingStatus.OFFER_REFUSED,
    "geweigerd": WaitingStatus.OFFER_REFUSED,
    "toegewezen": WaitingStatus.ASSIGNED,
}

REFUSAL_REASON = {
    "geen passende expertise": RefusalReason.NO_MATCHING_EXPERTISE,
    "veiligheidsrisico": RefusalReason.SAFETY_RISK,
    "groepssamenstelling": RefusalReason.GROUP_COMPOSITION,
    "leeftijd": RefusalReason.AGE,
    "complexiteit": RefusalReason.COMPLEXITY,
    "geen plek": RefusalReason.NO_CAPACITY,
    "geen capaciteit": RefusalReason.NO_CAPACITY,
    "anders": RefusalReason.OTHER,
    "overig": RefusalReason.OTHER,
}

REMOVAL_REASON = {
    "geplaatst": RemovalReason.PLACED,
    "teruggetrokken": RemovalReason.WITHDRAWN,
    "afgezien": RemovalReason.WITHDRAWN,
    "elders geholpen": RemovalReason.REFERRED_ELSEWHERE,
    "doorverwezen": RemovalReason.REFERRED_ELSEWHERE,
}

END_REASON = {
    "volgens plan": EndReason.PLANNED,
    "voortijdig door cliënt": EndReason.PREMATURE_BY_CLIENT,
    "voortijdig door jeugdige": EndReason.PREMATURE_BY_CLIENT,
    "voortijdig door aanbieder": EndReason.PREMATURE_BY_PROVIDER,
    "in overleg": EndReason.MUTUAL,
    "wederzijds": EndReason.MUTUAL,
    "externe omstandigheden": EndReason.EXTERNAL,
    "administratief": EndReason.ADMINISTRATIVE,
    "naar andere aanbieder": EndReason.TRANSFER_TO_OTHER_PROVIDER,
    "overdracht": EndReason.TRANSFER_TO_OTHER_PROVIDER,
    "ander domein": EndReason.OTHER_DOMAIN,
    "volwassenenzorg": EndReason.OTHER_DOMAIN,
    "overlijden": EndReason.DEATH,
    "onbekend": EndReason.UNKNOWN,
}

DESTINATION = {
    "thuis": Destination.HOME,
    "pleegzorg": Destination.FOSTER_CARE,
    "lichtere verblijfsvorm": Destination.LIGHTER_RESIDENTIAL,
    "zelfstandig wonen": Destination.INDEPENDENT_LIVING,
    "zelfstandig": Destination.INDEPENDENT_LIVING,
    "onvoorwaardelijk wonen": Destination.UNCONDITIONAL_HOUSING,
    "andere plaatsing": Destination.ANOTHER_PLACEMENT,
    "volwassenenzorg": Destination.ADULT_CARE,
    "onbekend": Destination.UNKNOWN,
}

RETRACTION_REASON = {
    "verwijderd": RetractionReason.SOURCE_DELETED,
    "ten onrechte": RetractionReason.SOURCE_DELETED,
    "beschikking vervallen": RetractionReason.ASSIGNMENT_VOIDED,
    "gecorrigeerd": RetractionReason.CORRECTED,
}

PLACES_CHANGE = {
    "geopend": PlacesChange.OPENED,
    "erbij": PlacesChange.OPENED,
    "gesloten": PlacesChange.CLOSED,
    "eraf": PlacesChange.CLOSED,
}
