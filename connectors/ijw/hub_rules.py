"""Checks of an iJw message that need more than the message: the day it arrived, the hub's
reference data, and plausibility bounds the standard leaves to the receiver.

- TR135 (return code 8848): the Dagtekening may not lie after the date the message was
  received; such a message is refused as a whole.
- TR383: within one JW315 every block has its own ReferentieAanbieder; a block that
  repeats an earlier one is refused (it would otherwise be taken for the same request).
- Hub rule HUB-START-DATE: a JW305 start reports care that has begun, so its Begindatum
  may lie at most :data:`START_AFTER_MESSAGE_DAYS` days after the message's Dagtekening
  (iJw sets no bound, ``xs:date`` admits any year). The week allows for a system that
  writes its messages ahead of a planned start; a Begindatum years ahead is a typing
  error that would otherwise open a placement in the figures of a year to come.
- The scope of a product block: whether its product is a placement. With a product code
  the commissioning municipality's table says; with the category alone (an aspecific
  assignment) it is a placement only when every product of that category in that table
  is one, and out of scope when none is; when the category alone cannot say, the block
  is kept for follow-up (rule HUB-FOLLOW-UP): a dead letter, replayable once the sender
  adds the product code.
"""

from datetime import date, timedelta
from enum import Enum

from connectors.ijw.codes import JUSTICE_CATEGORIES
from connectors.ijw.errors import IjwMessageError
from connectors.ijw.model import Header, Product, RequestedProduct, StartedProduct
from jeugdhub.errors import InvalidInputError
from schemas.reference import reference_data

START_AFTER_MESSAGE_DAYS = 7
FOLLOW_UP = "HUB-FOLLOW-UP"
START_DATE = "HUB-START-DATE"


class Scope(Enum):
    PLACEMENT = "placement"
    OUT_OF_SCOPE = "out of scope"  # ambulant care, justice categories: not submitted


def check_sent_on(header: Header, received_on: date) -> None:
    """TR135: a message cannot have been sent after the day it arrived."""
    if header.sent_on > received_on:
        raise IjwMessageError(
            "Header/BerichtIdentificatie/Dagtekening",
            f"lies after {received_on.isoformat()}, the day the hub received the message; "
            "check the sending system's date",
            "TR135/8848",
        )


class ProviderReferences:
    """TR383: the ReferentieAanbieder values seen so far in one JW315."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def check(self, block: RequestedProduct, path: str) -> None:
        if block.provider_reference in self._seen:
            raise InvalidInputError(
                f"{path}/ReferentieAanbieder",
                "repeats the reference of an earlier block of this message; every requested "
                "product needs its own",
                "TR383",
            )
        self._seen.add(block.provider_reference)


def check_begin(header: Header, block: StartedProduct, path: str) -> None:
    """HUB-START-DATE: a start cannot lie far after the message that reports it."""
    latest = header.sent_on + timedelta(days=START_AFTER_MESSAGE_DAYS)
    if block.begin > latest:
        raise InvalidInputError(
            f"{path}/Begindatum",
            f"lies more than {START_AFTER_MESSAGE_DAYS} days after the message's Dagtekening "
            f"({header.sent_on.isoformat()}); a start message reports care that has begun",
            START_DATE,
        )


def scope_of(header: Header, product: Product, path: str) -> Scope:
    """Whether the block's product is a placement, or ``InvalidInputError`` for follow-up."""
    if product.category in JUSTICE_CATEGORIES:
        return Scope.OUT_OF_SCOPE
    data = reference_data()
    field = f"{path}/Product"
    if product.code is not None:
        function = data.care_function_for_ijw(
            product.category, product.code, header.municipality, field=field
        )
        return Scope.PLACEMENT if function.placement else Scope.OUT_OF_SCOPE
    possible = data.care_functions_of_ijw_category(product.category, header.municipality, field)
    placements = {function.placement for function in possible}
    if placements == {True}:
        return Scope.PLACEMENT
    if placements == {False}:
        return Scope.OUT_OF_SCOPE
    kinds = ", ".join(sorted(function.code for function in possible))
    raise InvalidInputError(
        f"{field}/Code",
        f"is missing, and category {product.category} alone does not say whether this care "
        f"is a placement (it can be {kinds} in this municipality's product table); the "
        "block is kept for follow-up: send it again with the product code",
        FOLLOW_UP,
    )
