"""A provider's region context, protected against what the provider already knows.

A provider knows its own clients. Had it the region figures protected as they are for a
region, it could take its own part off each of them: a region's 12 placements with 11
of its own leave one placement elsewhere, singled out. So the context is protected as
the part the provider cannot know. The stream worker counts every provider's part of every
region figure (``streams.youth_stage.providers``); the egress takes that part off the region's true
counts, protects what remains (the other providers' part) with the regime's method, and
adds the provider's own part back to each published value. What the provider reads is the
region figure; what it can learn beyond its own records is only the protected rest.

The provider also gets its own part itself, exact: those are its own records (Jeugdwet
art. 7.4.4: it supplies the data of its care and gets its own figures back).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from feeds.egress.counts import KEY_MODULUS, ReleaseCounts, TrueCount, release_counts
from feeds.egress.history import FiguresHistory
from feeds.egress.periods import Period
from schemas.aggregates import parts_of_provider, region_of_part
from schemas.feeds import CellStatus, FeedCell

Coordinates = tuple[str, str, str | None, str | None]  # figure, region, function, category


def own_counts(
    parts: FiguresHistory, provider_agb: str, wanted: Iterable[str], period: Period
) -> ReleaseCounts:
    """The provider's part of every region figure for one period, by region."""
    areas = parts_of_provider(provider_agb, parts.regions())
    return as_regions(release_counts(parts, areas, wanted, period, []))


def as_regions(counted: ReleaseCounts) -> ReleaseCounts:
    """Counts of a provider's parts (``<AGB>@<region>``) as counts of their regions."""
    return ReleaseCounts(
        [region_of_part(area) for area in counted.regions],
        [replace(count, region=region_of_part(count.region)) for count in counted.counts],
        [replace(spread, region=region_of_part(spread.region)) for spread in counted.spreads],
        counted.previous,
    )


def others(region: ReleaseCounts, own: ReleaseCounts) -> ReleaseCounts:
    """The region's true counts without the provider's own part.

    Where the region's record is older than the part's (the worker skipped publishing a
    day) the difference could go below 0; it is taken as 0.
    """
    mine = _by_coordinates(own.counts)
    rest = []
    for count in region.counts:
        count_part, key_part = mine.get(_coordinates(count), (0, 0))
        rest.append(
            replace(
                count,
                count=max(0, count.count - count_part),
                cell_key=(count.cell_key - key_part) % KEY_MODULUS,
            )
        )
    waiting = {(c.region, c.care_function): c.count for c in own.counts if c.figure == "waiting"}
    spreads = [
        replace(s, entries=max(0, s.entries - waiting.get((s.region, s.care_function), 0)))
        for s in region.spreads
    ]
    return ReleaseCounts(region.regions, rest, spreads, region.previous)


def with_own(cells: Sequence[FeedCell], own: ReleaseCounts, sign: int = 1) -> list[FeedCell]:
    """The published cells with the provider's own part added back (``sign`` -1: taken
    off, for a previous release's cells). Withheld cells stay withheld; percentiles are
    of the whole region already and stay as they are."""
    result = []
    for cell in cells:
        if cell.value is None or cell.figure.startswith("waiting_days"):
            result.append(cell)
            continue
        mine = sum(
            count.count
            for count in own.counts
            if count.figure == cell.figure
            and cell.region in (None, count.region)
            and cell.care_function in (None, count.care_function)
            and cell.category in (None, count.category)
        )
        result.append(cell.model_copy(update={"value": max(0, cell.value + sign * mine)}))
    return result


def own_cells(own: ReleaseCounts) -> list[FeedCell]:
    """The provider's own part as exact cells, its waiting times included."""
    cells = [
        FeedCell(
            figure=count.figure,
            region=count.region,
            care_function=count.care_function,
            category=count.category,
            value=count.count,
            status=CellStatus.EXACT,
        )
        for count in own.counts
    ]
    for spread in own.spreads:
        for figure, days in (
            ("waiting_days_median", spread.median_days),
            ("waiting_days_p90", spread.p90_days),
        ):
            if spread.entries and days is not None:
                cells.append(
                    FeedCell(
                        figure=figure,
                        region=spread.region,
                        care_function=spread.care_function,
                        value=days,
                        status=CellStatus.EXACT,
                    )
                )
    return cells


def _coordinates(count: TrueCount) -> Coordinates:
    return (count.figure, count.region, count.care_function, count.category)


def _by_coordinates(counts: Iterable[TrueCount]) -> dict[Coordinates, tuple[int, int]]:
    summed: defaultdict[Coordinates, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for count in counts:
        total, key = summed[_coordinates(count)]
        summed[_coordinates(count)] = (total + count.count, (key + count.cell_key) % KEY_MODULUS)
    return dict(summed)
