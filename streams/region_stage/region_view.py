"""Stage 2's running totals for the regions this worker holds, kept in memory.

The region store (``streams.region_stage.region_store``, a local RocksDB whose log is the
trajectory-facts topic) is the truth: per (region, youth) the latest contribution of each
kind, per (region, location) the latest capacity state. This view keeps only what the
figures are computed from: per region and kind the sum of its youths' contributions
(bounded by care functions x days, not by youths) and the states of its locations (a few
hundred). A replacement subtracts the old contribution, read back from the store, and adds
the new one (``streams.region_stage.hold``). :meth:`RegionView.rebuild` starts again from
the store, which the worker does when its partitions change.

Justice totals never meet general ones: the general figures are computed from the general
contributions and capacity, the justice figures from the justice contributions alone
(capacity is not personal data and belongs to the general figures). The residents'
figures (``streams.youth_stage.residents``) are keyed by municipality, the provider-area figures
(``streams.youth_stage.providers``) by area, and have no capacity either.
"""

from collections.abc import Iterable

from streams.messages import LOCATION, YOUTH, RegionMessage
from streams.region_stage.aggregates import figures_from_totals
from streams.region_stage.figures import RegionFigures
from streams.region_stage.region_totals import RegionTotals
from streams.regional import contribution_from_bytes
from streams.youth_stage.capacity import LocationState, location_state_from_bytes

# Which figures changed: (kind of contribution, region); a location changes the general ones.
Dirty = tuple[bytes, str]


class RegionView:
    def __init__(self) -> None:
        self._totals: dict[Dirty, RegionTotals] = {}
        self._locations: dict[tuple[str, str], LocationState] = {}
        self.dirty: set[Dirty] = set()

    def apply(self, region: str, message: RegionMessage, old_body: bytes | None) -> None:
        """Replace what the region held for the message's subject (``old_body``, from the
        store) with the message's body."""
        if message.kind == LOCATION:
            key = (region, message.subject)
            if message.body:
                self._locations[key] = location_state_from_bytes(message.body)
            else:
                self._locations.pop(key, None)
            self.dirty.add((YOUTH, region))
        else:
            totals = self._totals.setdefault((message.kind, region), RegionTotals())
            if old_body:
                totals.remove(contribution_from_bytes(old_body))
            if message.body:
                totals.add(contribution_from_bytes(message.body))
            self.dirty.add((message.kind, region))

    def rebuild(self, held: Iterable[tuple[str, RegionMessage]]) -> None:
        """Replace everything with what the regions hold (per region, a message whose body
        is the held value)."""
        self._totals.clear()
        self._locations.clear()
        for region, message in held:
            self.apply(region, message, None)

    def figures_held(self) -> set[Dirty]:
        """Every (kind, region) whose figures this view holds."""
        return self._totals.keys() | {(YOUTH, region) for region, _ in self._locations}

    def figures(self, region: str, kind: bytes = YOUTH) -> RegionFigures | None:
        """The region's general figures (``YOUTH``), its justice figures (``JUSTICE``), or
        a municipality's residents' figures (``RESIDENTS``, ``region`` its CBS code) or a
        provider's part of a region (``PROVIDERS``)."""
        totals = self._totals.get((kind, region), RegionTotals())
        locations = (
            [state for (r, _), state in self._locations.items() if r == region]
            if kind == YOUTH
            else []
        )
        return figures_from_totals(region, totals, locations)
