"""The live capacity of a region: places declared, base availability agreed, shortfall.

These describe facilities, not persons (AVG art. 4(1) covers natural persons only), so
every regime that may see them gets them exact and as soon as they change. Occupancy and
free places are not among them: they count youths, and leave with the person-derived
figures under the regime's protection.
"""

from schemas.aggregates import RegionFiguresPublished
from schemas.feeds import CellStatus, FeedCell

CAPACITY_FIGURES = ("places_declared", "base_availability", "shortfall")


def capacity_cells(figures: RegionFiguresPublished) -> list[FeedCell]:
    """Per care function with declared places or agreed base availability.

    A care function that appears in the region's figures only because youths wait for
    it is left out: its presence alone would say that someone waits.
    """
    return [
        FeedCell(
            figure=figure,
            region=figures.region,
            care_function=now.care_function,
            value=getattr(now, figure),
            status=CellStatus.EXACT,
        )
        for now in figures.now
        if now.places_declared or now.base_availability
        for figure in CAPACITY_FIGURES
    ]
