"""The organisations this process knows: the registry as last read from its topic.

Providers, locations, certified institutions and contracts are data operators manage
(``jeugdhub registry import``), not files in the package: every process follows the
compacted registry topic (``registry.follower``), which builds a new :class:`Organisations`
after every change and installs it here. Look-ups go through ``ReferenceData``; this
module only holds the current snapshot, swapped whole so a reader never sees half a change.

A process that follows nothing knows no organisation at all: it refuses every provider,
which is what a hub whose registry cannot be read must do.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from schemas.reference.models import CertifiedInstitution, Contract, Location, Provider

# Asks the follower to read everything written to the registry so far, then returns.
CatchUp = Callable[[], None]


@dataclass(frozen=True, slots=True)
class Organisations:
    """One consistent state of the registry, keyed for look-up."""

    providers: Mapping[str, Provider] = field(default_factory=lambda: MappingProxyType({}))
    locations: Mapping[tuple[str, str], Location] = field(
        default_factory=lambda: MappingProxyType({})
    )  # by (AGB code, location code)
    certified_institutions: Mapping[str, CertifiedInstitution] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # by (region, AGB code, care function): the contracts of that triple
    contracts: Mapping[tuple[str, str, str], tuple[Contract, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )


@dataclass
class _Current:
    organisations: Organisations = field(default_factory=Organisations)
    catch_up: CatchUp | None = None


_current = _Current()


def current() -> Organisations:
    return _current.organisations


def install(organisations: Organisations) -> None:
    """Make ``organisations`` what every look-up in this process sees from now on."""
    _current.organisations = organisations


def follow_with(catch_up: CatchUp | None) -> None:
    """Register how to catch up with the registry topic (None: nothing to follow)."""
    _current.catch_up = catch_up


def catch_up() -> bool:
    """Read what was written to the registry until now; False when nothing is followed.

    For a reader that meets a code it does not know in an event that passed the edge:
    the registry entry was written before the event, so after catching up it is known.
    """
    if _current.catch_up is None:
        return False
    _current.catch_up()
    return True
