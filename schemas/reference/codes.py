"""What a valid code looks like, and how codes arriving from outside are normalised.

The patterns serve both the data files (``rows``) and incoming codes, so the two cannot
disagree about what a well-formed code is. They are anchored for pydantic, which
searches; Python code must use ``re.fullmatch`` so that a trailing newline is refused.
"""

import re

from jeugdhub.errors import InvalidInputError

CBS_CODE = r"^[0-9]{4}$"
AGB_CODE = r"^[0-9]{8}$"
IJW_CATEGORY = r"^[0-9]{2}$"
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# iJw LDT_ProductCode is any string of 1 to 5 characters; a code in our own files has
# no spaces, so a typo cannot hide in whitespace.
PRODUCT_CODE = r"^\S{1,5}$"
LOCATION_CODE = r"^[A-Za-z0-9]{1,12}$"

_PRODUCT_CODE_MAX = 5
# Compiled once: these checks run several times for every incoming record.
_CBS = re.compile(CBS_CODE)
_AGB = re.compile(AGB_CODE)
_CATEGORY = re.compile(IJW_CATEGORY)


def municipality_code(code: str, field: str) -> str:
    """The 4-digit CBS code, from either the iJw form (0307) or the CBS form (GM0307)."""
    digits = code[2:] if code[:2].upper() == "GM" else code
    if not _CBS.fullmatch(digits):
        raise InvalidInputError(
            field, "must be a 4-digit CBS municipality code, optionally prefixed GM"
        )
    return digits


def agb_code(code: str, field: str) -> str:
    if not _AGB.fullmatch(code):
        raise InvalidInputError(field, "must be an AGB code of exactly 8 digits")
    return code


def ijw_category(category: str, field: str) -> str:
    # No canonicalising of "043" or " 43": the XSD type is a two-digit string, and a
    # sender that pads or trims differently has a bug we should report, not hide.
    if not _CATEGORY.fullmatch(category):
        raise InvalidInputError(field, "must be an iJw product category of exactly 2 digits")
    return category


def ijw_product_code(code: str, field: str) -> str:
    # Whitespace is significant in iJw strings, so only the length is checked: a code
    # with spaces is well formed and simply not in any table.
    if not 1 <= len(code) <= _PRODUCT_CODE_MAX:
        raise InvalidInputError(field, "must be an iJw product code of 1 to 5 characters")
    return code
