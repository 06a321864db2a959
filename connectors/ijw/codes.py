"""iJw code lists the hub reads, and what each code becomes in the hub's vocabulary.

Sources: the iJw 3.2 code lists as summarised in ijw-3.2.md §7 (COD327 referrer, COD170
DatumGebruik, COD467 StatusAanlevering, JZ588 RedenBeeindiging, JZ002 RedenWijziging);
the hub classes of the end reasons are those of ijw-3.2.md §8.
"""

from enum import Enum

from privacy.age import DateUse
from schemas.vocabulary import Destination, EndReason, Referrer


class Delivery(Enum):
    """StatusAanlevering (COD467): JW305 and JW307 allow only these two (CS058)."""

    FIRST = "1"  # a new start or stop
    DELETE = "3"  # delete the earlier block with the same logical key


DELIVERY_RULE = "CS058"
DELIVERY = {delivery.value: delivery for delivery in Delivery}

# LDT_TypeVerwijzer (COD327); there is no 07.
REFERRERS = {
    "01": Referrer.MUNICIPALITY,
    "02": Referrer.GENERAL_PRACTITIONER,
    "03": Referrer.YOUTH_DOCTOR,
    "04": Referrer.CERTIFIED_INSTITUTION,
    "05": Referrer.MEDICAL_SPECIALIST,
    "06": Referrer.SELF,
    "08": Referrer.JUSTICE,
}

YES_NO = {"1": True, "2": False}  # LDT_JaNee

# DatumGebruik (COD170); absent means the full date is known.
DATE_USES = {
    "1": DateUse.DAY_UNKNOWN,
    "2": DateUse.DAY_AND_MONTH_UNKNOWN,
    "3": DateUse.UNKNOWN,
}

# RedenWijziging (JZ002) without 01, which may no longer be sent (CS336).
CHANGE_REASONS = {f"{code:02d}": f"{code:02d}" for code in range(2, 15)}
CHANGE_REASON_RULE = "CS336"
VOIDED = "13"  # sent in error: treat the assignment as never sent

# RedenBeeindiging (JZ588): 20 interrupts, every other code ends the care.
SUSPENDED = "20"
END_REASONS = {
    "02": EndReason.DEATH,
    "31": EndReason.PLANNED,
    "32": EndReason.PREMATURE_BY_CLIENT,
    "33": EndReason.PREMATURE_BY_PROVIDER,
    "34": EndReason.MUTUAL,
    "35": EndReason.EXTERNAL,
    "36": EndReason.ADMINISTRATIVE,
    "37": EndReason.ADMINISTRATIVE,
    "38": EndReason.TRANSFER_TO_OTHER_PROVIDER,
    "39": EndReason.OTHER_DOMAIN,
}
STOP_REASONS = {code: code for code in sorted((SUSPENDED, *END_REASONS))}
# iJw has no destination; only these two reasons imply one.
DESTINATIONS = {"38": Destination.ANOTHER_PLACEMENT, "39": Destination.ADULT_CARE}

# Youth probation, child protection, preventive justice: justice-regime data that never
# becomes a placement, whatever a regional product-code table might say.
JUSTICE_CATEGORIES = frozenset({"47", "48", "49"})
