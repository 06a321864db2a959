"""Validate a BSN (burgerservicenummer) before it is pseudonymised.

iJw (LDT_BurgerServicenummer, constraint CS002): exactly nine digits that pass the
11-proef, S = 9·d1 + 8·d2 + 7·d3 + 6·d4 + 5·d5 + 4·d6 + 3·d7 + 2·d8 - d9 with S mod 11 = 0.
Whitespace is not stripped: iJw string types keep it, so " 999991103" is no BSN. 000000000
passes the arithmetic but is no real BSN and is rejected as well.

A BSN is never repeated in an error: the message names the field and the reason only.
"""

from jeugdhub.errors import InvalidInputError

BSN_RULE = "CS002"
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def validate_bsn(value: str, field: str = "bsn") -> str:
    """Return the BSN in its normal form (nine ASCII digits) or raise InvalidInputError."""
    if len(value) != len(_WEIGHTS) or not (value.isascii() and value.isdigit()):
        raise InvalidInputError(field, "must be exactly 9 digits", rule=BSN_RULE)
    if value == "0" * len(_WEIGHTS):
        raise InvalidInputError(field, "is all zeros", rule=BSN_RULE)
    if sum(weight * int(digit) for weight, digit in zip(_WEIGHTS, value, strict=True)) % 11:
        raise InvalidInputError(field, "fails the 11-proef", rule=BSN_RULE)
    return value
