"""Where a youth gets the record key that cell-key perturbation will sum (ABS/CBS method).

The egress perturbs a person-derived count by a cell key: the sum of the record keys of
the records counted in the cell, mod 2**32, so the same set of youths always gets the
same perturbation whatever table or publication the cell appears in. Each youth's record
key is fixed and pseudo-random: the first 4 bytes of a SHA-256 of its pseudonym. The
pseudonym is already a keyed HMAC no recipient sees, so the key reveals nothing a
recipient could link back, and it needs no key of its own.

Every count in a region contribution comes from one youth, so a contribution carries its
youth's key once and the region totals keep, beside each count, count x key summed mod
2**32 (``streams.region_stage.region_totals``). A margin's key is the sum of its cells' keys.
"""

from hashlib import sha256

KEY_MODULUS = 2**32
_PREFIX = b"jeugdhub record key v1:"


def record_key(pseudonym: str) -> int:
    """The youth's record key, 0 <= key < 2**32."""
    return int.from_bytes(sha256(_PREFIX + pseudonym.encode()).digest()[:4], "big")
