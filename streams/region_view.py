"""Stage 2's state for the regions this worker holds, decoded and summed in memory.

The ``region-held`` table (RocksDB, with its changelog) is the truth; this view saves
decoding and summing it again for every publication. Messages update it as they arrive;
:meth:`RegionView.rebuild` replaces it from the table, which the worker does regularly,
so partitions that arrived by recovery or left by a rebalance are accounted for.
"""

from collections.abc import Iterable

from streams.aggregates import figures_from_totals
from streams.capacity import LocationState, location_state_from_bytes
from streams.figures import RegionFigures
from streams.messages import LOCATION, YOUTH, RegionMessage
from streams.region_totals import RegionTotals
from streams.regional import RegionContribution, contribution_from_bytes


class RegionView:
    def __init__(self) -> None:
        self._youths: dict[tuple[str, str], RegionContribution] = {}
        self._totals: dict[str, RegionTotals] = {}
        self._locations: dict[tuple[str, str], LocationState] = {}
        self.dirty: set[str] = set()

    def _clear(self) -> None:
        self._youths.clear()
        self._totals.clear()
        self._locations.clear()

    def apply(self, region: str, message: RegionMessage) -> None:
        key = (region, message.subject)
        if message.kind == LOCATION:
            if message.body:
                self._locations[key] = location_state_from_bytes(message.body)
            else:
                self._locations.pop(key, None)
        else:
            totals = self._totals.setdefault(region, RegionTotals())
            old = self._youths.pop(key, None)
            if old is not None:
                totals.remove(old)
            if message.body:
                new = contribution_from_bytes(message.body)
                self._youths[key] = new
                totals.add(new)
        self.dirty.add(region)

    def rebuild(self, held: Iterable[tuple[bytes, bytes]]) -> None:
        """Replace everything with the table's content (``region|kind|subject`` keys)."""
        self._clear()
        for key, value in held:
            region, kind, subject = key.decode().split("|", 2)
            kind_byte = LOCATION if kind == LOCATION.decode() else YOUTH
            self.apply(region, RegionMessage(kind_byte, subject, value))

    def regions(self) -> set[str]:
        return self._totals.keys() | {region for region, _ in self._locations}

    def figures(self, region: str) -> RegionFigures | None:
        locations = [state for (r, _), state in self._locations.items() if r == region]
        return figures_from_totals(region, self._totals.get(region, RegionTotals()), locations)
