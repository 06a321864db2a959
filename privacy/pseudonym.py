"""Where an identifier becomes a pseudonym: re-keyable, under a versioned domain key.

pseudonym = k · H(domain, scope, identifier) on the Ed25519 group (``privacy.pep``), k the
scalar of the domain's key version. The same identifier gives the same pseudonym for as
long as the key version stays, so the events of one youth link up on Kafka; without the
key nobody can compute or test it. Unlike a keyed hash, a pseudonym can be carried to a
new key version without the identifier (:class:`Rekeyer`), which is how a key rotation
keeps every trajectory whole (``privacy.migration``) and why an old version can then be
destroyed.

The hashed message is the domain, the scope and the identifier, each length-prefixed. The
domain and scope are in it (not only in the choice of key) so that the same identifier in
another domain or another sender's scope is unlinkable even if two keys were ever equal;
the length prefixes make the framing unambiguous (scope "a", identifier "bc" never
collides with scope "ab", identifier "c").

Use: ``KeyDomain.YOUTH`` with the normalised BSN (``privacy.bsn``) and the empty scope;
``KeyDomain.CASE`` with a case reference and its issuer as scope (e.g. "PROVIDER:12345678").
"""

from collections import OrderedDict
from dataclasses import dataclass

from jeugdhub.errors import InvalidInputError
from privacy import pep
from privacy.keys import PSEUDONYM_DOMAINS, KeyDomain, KeyStore, KeyStoreError

_LABEL = b"jeugdhub-pseudonym-v2"
# Pseudonyms computed lately, per process: a youth's records come in bursts (a file, a
# batch), and the group arithmetic costs ~100 times an HMAC (bench/gateway_ingest.py).
CACHE_ENTRIES = 65_536


@dataclass(frozen=True)
class Pseudonym:
    """A pseudonym and the key version it was made with; it holds nothing of the input."""

    value: str  # lowercase hex of the 32-byte encoded group element
    key_version: int


class Pseudonymiser:
    """Pseudonymises identifiers with the keys of one key store."""

    def __init__(self, keys: KeyStore, cache_entries: int = CACHE_ENTRIES) -> None:
        self._keys = keys
        self._scalars: dict[tuple[KeyDomain, int], bytes] = {}
        self._cache: OrderedDict[tuple[KeyDomain, int, bytes], str] = OrderedDict()
        self._cache_entries = cache_entries

    def pseudonymise(self, domain: KeyDomain, identifier: str, scope: str = "") -> Pseudonym:
        """The pseudonym under the domain's current key (the one for new events)."""
        version, _ = self._keys.current(domain)
        return self.pseudonymise_with(domain, identifier, version, scope)

    def pseudonymise_with(
        self, domain: KeyDomain, identifier: str, version: int, scope: str = ""
    ) -> Pseudonym:
        """The pseudonym under a given key version, e.g. to find an older event."""
        if not identifier:
            # Every empty identifier would share one pseudonym and link unrelated records.
            raise InvalidInputError(f"{domain} identifier", "is empty")
        try:
            message = _message(domain, scope, identifier)
        except UnicodeEncodeError:
            # Not the error's own text: it quotes the offending character.
            raise InvalidInputError(f"{domain} identifier", "is not valid Unicode text") from None
        cached = (domain, version, message)
        value = self._cache.get(cached)
        if value is None:
            value = pep.multiply(self._scalar(domain, version), pep.message_point(message)).hex()
            self._cache[cached] = value
            if len(self._cache) > self._cache_entries:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(cached)
        return Pseudonym(value=value, key_version=version)

    def _scalar(self, domain: KeyDomain, version: int) -> bytes:
        scalar = self._scalars.get((domain, version))
        if scalar is None:
            scalar = self._scalars[(domain, version)] = pep.key_scalar(
                self._keys.key(domain, version)
            )
        return scalar


class Rekeyer:
    """Carries pseudonyms of the pseudonym domains from one key version to another.

    Holds only the re-key factors (key material: whoever has one and the old pseudonyms
    has the new ones), in this process's memory; nothing writes them anywhere, so they
    end with the process that migrates, before the old version is retired."""

    def __init__(self, keys: KeyStore, old_version: int, new_version: int) -> None:
        self.old_version, self.new_version = old_version, new_version
        self._factors = {
            domain: pep.rekey_factor(
                pep.key_scalar(keys.key(domain, old_version)),
                pep.key_scalar(keys.key(domain, new_version)),
            )
            for domain in PSEUDONYM_DOMAINS
        }

    def rekey(self, domain: KeyDomain, value: str) -> str:
        """The pseudonym (hex) under the new version of the one under the old version."""
        try:
            point = bytes.fromhex(value)
        except ValueError:
            point = b""
        if not pep.is_point(point):
            # An HMAC pseudonym of before re-keyable pseudonyms, or a damaged one.
            raise KeyStoreError(
                f"a {domain} pseudonym of version {self.old_version} is not re-keyable (made "
                "before pseudonyms became group elements?); such events cannot be migrated"
            )
        return pep.multiply(self._factors[domain], point).hex()


def _message(*parts: str) -> bytes:
    framed = [_LABEL]
    for part in parts:
        encoded = part.encode("utf-8")
        framed.append(len(encoded).to_bytes(4, "big") + encoded)
    return b"".join(framed)
