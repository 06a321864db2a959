"""The per-region overview the demo prints: figures summed over care functions.

Read from the published region figures (never from raw events), so it shows what a
subscriber to the internal aggregate feed would see.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from schemas.aggregates import RegionFiguresPublished

ROLLING_DAYS = 28


@dataclass(frozen=True)
class RegionLine:
    region: str
    as_of: str
    occupied: int
    places: int
    base_availability: int
    waiting: int
    median_wait_days: int | None
    inflow_28d: int
    outflow_28d: int
    replacements_28d: int
    inter_regional_in: int
    inter_regional_out: int


def overview(figures: Mapping[str, RegionFiguresPublished], regions: list[str]) -> list[RegionLine]:
    lines = []
    for region in regions:
        published = figures.get(region)
        if published is None:
            continue
        since = published.as_of - timedelta(days=ROLLING_DAYS - 1)
        recent = [flow for flow in published.daily if since <= flow.day <= published.as_of]
        medians = [n.waiting_days_median for n in published.now if n.waiting_days_median]
        lines.append(
            RegionLine(
                region=region,
                as_of=published.as_of.isoformat(),
                occupied=sum(n.occupied for n in published.now),
                places=sum(n.places_declared for n in published.now),
                base_availability=sum(n.base_availability for n in published.now),
                waiting=sum(n.waiting_now for n in published.now),
                # The largest per-function median: the wait that stands out, not an average
                # of medians, which would mean nothing.
                median_wait_days=max(medians) if medians else None,
                inflow_28d=sum(flow.placements for flow in recent),
                outflow_28d=sum(d.count for flow in recent for d in flow.discharges),
                replacements_28d=sum(flow.replacements for flow in recent),
                inter_regional_in=sum(
                    row.open for row in published.flow_matrix if row.home_region != region
                ),
                inter_regional_out=sum(
                    row.open
                    for other, other_figures in figures.items()
                    if other != region
                    for row in other_figures.flow_matrix
                    if row.home_region == region
                ),
            )
        )
    return lines


HEADER = (
    f"{'region':<20}{'as of':>11}{'occupied/places':>17}{'base':>6}{'waiting':>9}"
    f"{'max median wait':>17}{'in 28d':>8}{'out 28d':>9}{'re-pl 28d':>11}{'inter in':>10}"
    f"{'inter out':>11}"
)


def render(lines: list[RegionLine]) -> str:
    rows = [HEADER, "-" * len(HEADER)]
    for line in lines:
        wait = f"{line.median_wait_days} d" if line.median_wait_days is not None else "-"
        rows.append(
            f"{line.region:<20}{line.as_of:>11}{f'{line.occupied}/{line.places}':>17}"
            f"{line.base_availability:>6}{line.waiting:>9}{wait:>17}{line.inflow_28d:>8}"
            f"{line.outflow_28d:>9}{line.replacements_28d:>11}{line.inter_regional_in:>10}"
            f"{line.inter_regional_out:>11}"
        )
    return "\n".join(rows)
