"""One subscriber's dashboard as the templates draw it: sections, their charts, the trend."""

from dataclasses import dataclass
from datetime import date

from feeds.api.dashboard import labels
from feeds.api.dashboard.charts import (
    BarChart,
    HeatMap,
    LineChart,
    TrendSeries,
    bar_chart,
    heat_map,
    line_chart,
    trend_series,
)
from feeds.api.dashboard.sections import Section, sections
from feeds.api.models import FeedSnapshot, ReleaseOut
from schemas.feeds import CellStatus

TREND_SLUG = "wachtlijst-trend"
# A quarter of daily releases: a year of them would make a page of megabytes (a table row
# and a point per day and care function) that the script fetches again on every release.
TREND_DAYS = 90


@dataclass(frozen=True)
class Drawn:
    section: Section
    bars: BarChart | None
    heat: HeatMap | None


@dataclass(frozen=True)
class Trend:
    days: list[date]
    waiting: LineChart | None  # the total waiting list
    median: LineChart | None  # the median wait per care function
    columns: list[TrendSeries]
    explanations: list[str]


@dataclass(frozen=True)
class DashboardView:
    subscriber: str
    regime: str
    scope: str
    drawn: list[Drawn]
    trend: Trend
    newest_offset: int | None  # the live stream resumes after it: nothing is missed between

    @property
    def empty(self) -> bool:
        return not self.drawn


def _trend(history: list[ReleaseOut]) -> Trend:
    """The last ``TREND_DAYS`` as-of days (the trend's CSV holds the whole history)."""
    days = sorted({entry.release.as_of for entry in history})[-TREND_DAYS:]
    entries = [entry for entry in history if days and entry.release.as_of >= days[0]]
    waiting = [s for s in trend_series(entries, "waiting") if s.care_function is None]
    median = trend_series(entries, "waiting_days_median")
    statuses = {
        shown.cell.status for series in (*waiting, *median) for shown in series.by_day.values()
    }
    return Trend(
        days,
        line_chart(waiting, days),
        line_chart(median, days),
        [*waiting, *median],
        [labels.STATUS_EXPLANATIONS[s] for s in CellStatus if s in statuses],
    )


def dashboard_view(
    snapshot: FeedSnapshot, trend: list[ReleaseOut], scope: str | None
) -> DashboardView:
    drawn = [
        Drawn(section, None, heat_map(section))
        if section.spec.heat_map
        else Drawn(section, bar_chart(section), None)
        for section in sections(snapshot)
    ]
    newest = max((entry.offset for entry in snapshot.releases), default=None)
    return DashboardView(
        snapshot.subscriber,
        snapshot.regime,
        labels.region(scope) if scope else "Utrecht-Flevoland",
        drawn,
        _trend(trend),
        newest,
    )
