"""The egress's true counts as the tables ``privacy.disclosure`` protects, and back.

One release's counts become one table per figure, broken down by care function (and by
destination, or by the other region of an inter-regional figure). When the scope holds
several regions and the regime grants the region dimension, the region is a dimension
too, so the release carries the totals over regions and the protection covers them;
without it, the regions' counts are added up first (their record keys too: a cell's key
is the sum of its youths' keys wherever they were counted). Margins are derived by
``privacy.disclosure`` and published as cells whose care function or category is empty
(the total). What each method guarantees: ``privacy/disclosure/README.md``.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from feeds.egress.counts import KEY_MODULUS, ReleaseCounts, TrueCount, WaitingSpread
from feeds.egress.periods import Period
from privacy.disclosure.budget import BudgetLedger
from privacy.disclosure.cells import TOTAL, Cell, ProtectedCell, Table
from privacy.disclosure.constraints import Identity
from privacy.disclosure.percentiles import Percentile
from privacy.disclosure.protect import protect
from privacy.regimes import Regime
from privacy.regimes.figures import Dimension, Figure
from schemas.feeds import CellStatus, FeedCell

_STATUS = {
    "exact": CellStatus.EXACT,
    "perturbed": CellStatus.PERTURBED,
    "suppressed": CellStatus.SUPPRESSED,
    "noisy": CellStatus.NOISY,
}
# The second dimension of the figures that have one.
_CATEGORY = {
    Figure.DISCHARGES: Dimension.DESTINATION,
    Figure.INTER_REGIONAL_IN: Dimension.HOME_REGION,
    Figure.INTER_REGIONAL_OUT: Dimension.PROVIDER_REGION,
}
# The previous release's withheld occupancy, an unknown in the stock-and-flow identity.
PREVIOUS_OCCUPIED = "occupied_at_previous_release"
# Inter-regional figures are per other region, not per care function.
_NO_CARE_FUNCTION = frozenset({Figure.INTER_REGIONAL_IN, Figure.INTER_REGIONAL_OUT})


@dataclass(frozen=True)
class Layout:
    """Where a count's parts sit in a table's coordinates."""

    regions: tuple[str, ...]
    by_region: bool

    @classmethod
    def of(cls, regime: Regime, regions: Sequence[str]) -> "Layout":
        by_region = len(regions) > 1 and Dimension.REGION in regime.dimensions
        return cls(tuple(regions), by_region)

    def dimensions(self, figure: Figure) -> tuple[str, ...]:
        dims: tuple[str, ...] = (Dimension.REGION,) if self.by_region else ()
        if figure not in _NO_CARE_FUNCTION:
            dims += (Dimension.CARE_FUNCTION,)
        if figure in _CATEGORY:
            dims += (_CATEGORY[figure],)
        return dims

    def coords(
        self, figure: Figure, region: str, function: str | None, category: str | None
    ) -> tuple[str, ...]:
        coords: tuple[str, ...] = (region,) if self.by_region else ()
        if figure not in _NO_CARE_FUNCTION:
            assert function is not None
            coords += (function,)
        if figure in _CATEGORY:
            assert category is not None
            coords += (category,)
        return coords

    def feed_cell(self, cell: ProtectedCell) -> FeedCell:
        figure = Figure(cell.table)
        parts = list(cell.coords)
        region = (
            parts.pop(0)
            if self.by_region
            else (self.regions[0] if len(self.regions) == 1 else TOTAL)
        )
        function = parts.pop(0) if figure not in _NO_CARE_FUNCTION and parts else None
        category = parts.pop(0) if parts else None
        return FeedCell(
            figure=figure.value,
            region=_named(region),
            care_function=_named(function),
            category=_named(category),
            value=cell.value,
            status=_STATUS[cell.status],
        )


def protect_release(
    regime: Regime, period: Period, true: ReleaseCounts, ledger: BudgetLedger | None
) -> list[FeedCell]:
    """The published cells of one release (``ledger``: the differential-privacy budget,
    for regimes that spend one)."""
    layout = Layout.of(regime, true.regions)
    tables = [_table(layout, figure, group) for figure, group in _by_figure(true.counts).items()]
    percentiles = _percentiles(layout, regime, true.spreads)
    identities = _stock_and_flow(layout, tables, true.previous)
    protected = protect(
        regime,
        tables,
        identities=identities,
        percentiles=percentiles,
        ledger=ledger,
        year=period.end.year,
    )
    return [layout.feed_cell(cell) for cell in protected]


def _by_figure(counts: Sequence[TrueCount]) -> dict[Figure, list[TrueCount]]:
    grouped: defaultdict[Figure, list[TrueCount]] = defaultdict(list)
    for count in counts:
        grouped[Figure(count.figure)].append(count)
    return dict(sorted(grouped.items()))


def _table(layout: Layout, figure: Figure, counts: list[TrueCount]) -> Table:
    summed: dict[tuple[str, ...], tuple[int, int]] = {}
    for count in counts:
        coords = layout.coords(figure, count.region, count.care_function, count.category)
        total, key = summed.get(coords, (0, 0))
        summed[coords] = (total + count.count, (key + count.cell_key) % KEY_MODULUS)
    interior = [Cell(figure, coords, n, key) for coords, (n, key) in summed.items()]
    return Table.from_interior(figure, layout.dimensions(figure), interior)


def _stock_and_flow(
    layout: Layout, tables: Sequence[Table], previous: Sequence[FeedCell]
) -> list[Identity]:
    """What a recipient of consecutive releases can add up, per care function:
    occupied now = occupied at the previous release + placements - discharges.

    The previous value is the published one (a constant) or, where it was withheld, an
    unknown. Where late events made the true counts differ from what was published then,
    the equation does not hold and the recipient cannot use it exactly; it is left out
    (the attacker LP would otherwise find the release inconsistent).
    """
    by_name = {table.name: table for table in tables}
    needed = (Figure.OCCUPIED, Figure.PLACEMENTS, Figure.DISCHARGES)
    if not previous or any(figure not in by_name for figure in needed):
        return []
    occupied, placements, discharges = (by_name[figure] for figure in needed)
    before = {
        layout.coords(Figure.OCCUPIED, c.region or TOTAL, c.care_function or TOTAL, None): c
        for c in previous
        if c.figure == Figure.OCCUPIED
    }
    identities = []
    for coords, now in occupied.cells.items():
        placed = placements.cells.get(coords)
        left = discharges.cells.get((*coords, TOTAL))
        earlier = before.get(coords)
        if placed is None or left is None or earlier is None:
            continue
        terms = [
            ((Figure.OCCUPIED.value, coords), 1),
            ((Figure.PLACEMENTS.value, coords), -1),
            ((Figure.DISCHARGES.value, (*coords, TOTAL)), 1),
        ]
        if earlier.value is None:
            terms.append(((PREVIOUS_OCCUPIED, coords), -1))
            identities.append(Identity(tuple(terms), 0))
        elif now.count - placed.count + left.count == earlier.value:
            identities.append(Identity(tuple(terms), earlier.value))
    return identities


def _percentiles(
    layout: Layout, regime: Regime, spreads: Sequence[WaitingSpread]
) -> list[Percentile]:
    if not layout.by_region and len(layout.regions) > 1:
        return []  # a median over several regions is not the median of their medians
    wanted = [
        f for f in (Figure.WAITING_DAYS_MEDIAN, Figure.WAITING_DAYS_P90) if f in regime.figures
    ]
    found = []
    for spread in spreads:
        if spread.entries == 0:
            continue
        coords = layout.coords(Figure.WAITING, spread.region, spread.care_function, None)
        for figure in wanted:
            value = spread.median_days if figure is Figure.WAITING_DAYS_MEDIAN else spread.p90_days
            assert value is not None  # there are open entries
            found.append(Percentile(figure, coords, value, spread.entries))
    return found


def _named(part: str | None) -> str | None:
    return None if part in (None, TOTAL) else part
