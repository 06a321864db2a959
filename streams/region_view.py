"""Stage 2's running totals for the regions this worker holds, kept in memory.

The ``region-held`` table (RocksDB, with its changelog) is the truth: per (region, youth)
the latest contribution, per (region, location) the latest capacity state. This view
keeps only what the figures are computed from: per region the sum of its youths'
contributions (bounded by care functions x days, not by youths) and the states of its
locations (a few hundred). A replacement subtracts the old contribution, read back from
the table, and adds the new one. :meth:`RegionView.rebuild` starts again from the
table, which the worker does when its partitions change.
"""

from collections.abc import Iterable

from streams.aggregates import figures_from_totals
from streams.capacity import LocationState, location_state_from_bytes
from streams.figures import RegionFigures
from streams.messages import LOCATION, YOUTH, RegionMessage
from streams.region_totals import RegionTotals
from streams.regional import contribution_from_bytes


class RegionView:
    def __init__(self) -> None:
        self._totals: dict[str, RegionTotals] = {}
        self._locations: dict[tuple[str, str], LocationState] = {}
        self.dirty: set[str] = set()

    def apply(self, region: str, message: RegionMessage, old_body: bytes | None) -> None:
        """Replace what the region held for the message's subject (``old_body``, from the
        table) with the message's body."""
        if message.kind == LOCATION:
            key = (region, message.subject)
            if message.body:
                self._locations[key] = location_state_from_bytes(message.body)
            else:
                self._locations.pop(key, None)
        else:
            totals = self._totals.setdefault(region, RegionTotals())
            if old_body:
                totals.remove(contribution_from_bytes(old_body))
            if message.body:
                totals.add(contribution_from_bytes(message.body))
        self.dirty.add(region)

    def rebuild(self, held: Iterable[tuple[bytes, bytes]]) -> None:
        """Replace everything with the table's content (``region|kind|subject`` keys)."""
        self._totals.clear()
        self._locations.clear()
        for key, value in held:
            region, kind, subject = key.decode().split("|", 2)
            kind_byte = LOCATION if kind == LOCATION.decode() else YOUTH
            self.apply(region, RegionMessage(kind_byte, subject, value), None)

    def regions(self) -> set[str]:
        return self._totals.keys() | {region for region, _ in self._locations}

    def figures(self, region: str) -> RegionFigures | None:
        locations = [state for (r, _), state in self._locations.items() if r == region]
        return figures_from_totals(region, self._totals.get(region, RegionTotals()), locations)
