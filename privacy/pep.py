"""The group arithmetic of re-keyable pseudonyms (PEP-style, as the Dutch polymorphic
pseudonyms of the BSN): pseudonym = k · H(message) on the prime-order Ed25519 group.

H maps a message to a point of the prime-order subgroup (SHA-512, then libsodium's
Elligator 2 map, which clears the cofactor). k is a secret scalar derived from a key of
the store. Whoever knows k_old and k_new can compute the re-key factor
r = k_new · k_old⁻¹ and turn k_old · H(m) into k_new · H(m) without knowing m; without
a k nobody can compute or test a pseudonym (that is the discrete-logarithm problem).

libsodium (through PyNaCl) does the arithmetic in constant time; we write none of it.
"""

import hashlib

from nacl.bindings import (
    crypto_core_ed25519_from_uniform,
    crypto_core_ed25519_is_valid_point,
    crypto_core_ed25519_scalar_invert,
    crypto_core_ed25519_scalar_mul,
    crypto_core_ed25519_scalar_reduce,
    crypto_scalarmult_ed25519_noclamp,
)

POINT_BYTES = 32
_SCALAR_LABEL = b"jeugdhub-pep-scalar-v1"


def key_scalar(secret: bytes) -> bytes:
    """The scalar (mod the group order) of a 32-byte secret of the key store.

    Wide reduction of a 512-bit hash: uniform mod the order, and never 0 in practice
    (probability 2⁻²⁵²)."""
    return crypto_core_ed25519_scalar_reduce(hashlib.sha512(_SCALAR_LABEL + secret).digest())


def message_point(message: bytes) -> bytes:
    """H(message): a point of the prime-order subgroup nobody knows a discrete log of."""
    return crypto_core_ed25519_from_uniform(hashlib.sha512(message).digest()[:POINT_BYTES])


def multiply(scalar: bytes, point: bytes) -> bytes:
    """scalar · point (a pseudonym from H(message), or a re-keyed pseudonym)."""
    return crypto_scalarmult_ed25519_noclamp(scalar, point)


def rekey_factor(old_scalar: bytes, new_scalar: bytes) -> bytes:
    """r = k_new · k_old⁻¹: multiplying a pseudonym under k_old by r gives it under k_new."""
    return crypto_core_ed25519_scalar_mul(new_scalar, crypto_core_ed25519_scalar_invert(old_scalar))


def is_point(value: bytes) -> bool:
    """Whether value is an encoded point of the group (a pseudonym can be re-keyed)."""
    return len(value) == POINT_BYTES and crypto_core_ed25519_is_valid_point(value)
