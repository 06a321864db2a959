"""Where an identifier becomes a pseudonym: HMAC-SHA256 under a versioned domain key.

The same identifier gives the same pseudonym for as long as the key version stays, so the
events of one youth link up on Kafka; without the key nobody can compute or reverse it.

The HMAC message is the domain, the scope and the identifier, each length-prefixed. The
domain and scope are in it (not only in the choice of key) so that the same identifier in
another domain or another sender's scope is unlinkable even if two keys were ever equal;
the length prefixes make the framing unambiguous (scope "a", identifier "bc" never
collides with scope "ab", identifier "c").

Use: ``KeyDomain.YOUTH`` with the normalised BSN (``privacy.bsn``) and the empty scope;
``KeyDomain.CASE`` with a case reference and its issuer as scope (e.g. "PROVIDER:12345678").
"""

import hashlib
import hmac
from dataclasses import dataclass

from jeugdhub.errors import InvalidInputError
from privacy.keys import KeyDomain, KeyStore

_LABEL = b"jeugdhub-pseudonym-v1"


@dataclass(frozen=True)
class Pseudonym:
    """A pseudonym and the key version it was made with; it holds nothing of the input."""

    value: str  # lowercase hex of the full 32-byte HMAC
    key_version: int


class Pseudonymiser:
    """Pseudonymises identifiers with the keys of one key store."""

    def __init__(self, keys: KeyStore) -> None:
        self._keys = keys
        # A keyed HMAC state per (domain, version), copied per use: the key schedule is
        # then computed once, not for each of the several pseudonyms of every record.
        self._keyed: dict[tuple[KeyDomain, int], hmac.HMAC] = {}

    def pseudonymise(self, domain: KeyDomain, identifier: str, scope: str = "") -> Pseudonym:
        """The pseudonym under the domain's current key (the one for new events)."""
        version, _ = self._keys.current(domain)
        return self.pseudonymise_with(domain, identifier, version, scope)

    def pseudonymise_with(
        self, domain: KeyDomain, identifier: str, version: int, scope: str = ""
    ) -> Pseudonym:
        """The pseudonym under a given key version, e.g. to verify an older event."""
        if not identifier:
            # Every empty identifier would share one pseudonym and link unrelated records.
            raise InvalidInputError(f"{domain} identifier", "is empty")
        try:
            message = _message(domain, scope, identifier)
        except UnicodeEncodeError:
            # Not the error's own text: it quotes the offending character.
            raise InvalidInputError(f"{domain} identifier", "is not valid Unicode text") from None
        keyed = self._keyed.get((domain, version))
        if keyed is None:
            keyed = hmac.new(self._keys.key(domain, version), digestmod=hashlib.sha256)
            self._keyed[(domain, version)] = keyed
        digest = keyed.copy()
        digest.update(message)
        return Pseudonym(value=digest.hexdigest(), key_version=version)


def _message(*parts: str) -> bytes:
    framed = [_LABEL]
    for part in parts:
        encoded = part.encode("utf-8")
        framed.append(len(encoded).to_bytes(4, "big") + encoded)
    return b"".join(framed)
