"""The per-region overview the demo prints, read from the region subscribers' feeds.

It shows exactly what a region may see: capacity live and exact, person-derived figures
as its regime released them for the last closed day (perturbed or withheld, marked), and
the 28-day flows as the sum of the last 28 daily releases, which is all a region can
compute too.
"""

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass

from schemas.feeds import CellStatus, FeedCell, FeedRelease, ReleaseKind

ROLLING_DAYS = 28
PROTECTED = (CellStatus.PERTURBED, CellStatus.SUPPRESSED, CellStatus.NOISY)


@dataclass(frozen=True)
class Total:
    """A published total: its value, and whether protection touched it."""

    value: int | None
    protected: bool

    def text(self) -> str:
        if self.value is None:
            return "."  # withheld
        return f"{self.value}~" if self.protected else str(self.value)


def total(cells: Iterable[FeedCell], figure: str) -> Total:
    """The figure's total: its margin cell when published, else the sum of its
    published cells (marked protected: a withheld part is missing from it)."""
    of_figure = [cell for cell in cells if cell.figure == figure]
    margins = [c for c in of_figure if c.care_function is None and c.category is None]
    if margins and margins[0].value is not None:
        return Total(margins[0].value, margins[0].status in PROTECTED)
    parts = [c for c in of_figure if c.care_function is not None or c.category is not None]
    if not parts:
        return Total(None, True)
    values = [c.value for c in parts if c.value is not None]
    return Total(sum(values), any(c.status in PROTECTED for c in parts))


class FeedOverview:
    """The latest releases of each region's feed, and its last 28 daily releases."""

    def __init__(self, regions: list[str]) -> None:
        self.regions = regions
        self.capacity: dict[str, FeedRelease] = {}
        self.figures: defaultdict[str, deque[FeedRelease]] = defaultdict(
            lambda: deque(maxlen=ROLLING_DAYS)
        )
        self.regimes: set[str] = set()

    def take(self, region: str, release: FeedRelease) -> None:
        self.regimes.add(release.regime)
        if release.kind is ReleaseKind.CAPACITY:
            self.capacity[region] = release
        else:
            self.figures[region].append(release)

    def render(self) -> str:
        header = (
            f"{'region':<20}{'as of':>11}{'occupied/places':>17}{'base':>6}{'waiting':>9}"
            f"{'max median wait':>17}{'in 28d':>8}{'out 28d':>9}{'re-pl 28d':>11}"
            f"{'inter in':>10}{'inter out':>11}"
        )
        rows = [header, "-" * len(header)]
        for region in self.regions:
            capacity = self.capacity.get(region)
            releases = list(self.figures.get(region, ()))
            if capacity is None and not releases:
                continue
            rows.append(self._row(region, capacity, releases))
        rows.append(
            f"regime: {', '.join(sorted(self.regimes)) or '-'}; capacity exact and live; "
            "person-derived figures per closed day: ~ perturbed, . withheld"
        )
        return "\n".join(rows)

    @staticmethod
    def _row(region: str, capacity: FeedRelease | None, releases: list[FeedRelease]) -> str:
        cap = [] if capacity is None else capacity.cells
        places, base = total(cap, "places_declared"), total(cap, "base_availability")
        last = releases[-1].cells if releases else []
        as_of = releases[-1].as_of.isoformat() if releases else "-"
        medians = [
            c.value for c in last if c.figure == "waiting_days_median" and c.value is not None
        ]
        wait = f"{max(medians)} d" if medians else "-"
        rolling = {
            figure: _summed(total(r.cells, figure) for r in releases)
            for figure in ("placements", "discharges", "replacements")
        }
        occupied = total(last, "occupied").text()
        return (
            f"{region:<20}{as_of:>11}{f'{occupied}/{places.text()}':>17}{base.text():>6}"
            f"{total(last, 'waiting').text():>9}{wait:>17}{rolling['placements']:>8}"
            f"{rolling['discharges']:>9}{rolling['replacements']:>11}"
            f"{total(last, 'inter_regional_in').text():>10}"
            f"{total(last, 'inter_regional_out').text():>11}"
        )


def _summed(totals: Iterable[Total]) -> str:
    parts = list(totals)
    value = sum(t.value for t in parts if t.value is not None)
    return Total(value, any(t.protected for t in parts)).text() if parts else "-"
