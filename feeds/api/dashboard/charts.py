"""The geometry of the dashboard's charts, drawn as SVG by the server (``templates/charts.html``).

Server-rendered SVG rather than a charting library: the figures are few (tens of bars per
chart), the page then needs no script to show them (the script only refreshes them), the
CSP can forbid every inline script and style, and there is nothing to vendor or keep up to
date. Each chart is drawn from the same ``Shown`` cells as its table; a withheld value is
drawn as the word "onderdrukt", never as a bar of length 0.
"""

from dataclasses import dataclass
from datetime import date

from feeds.api.dashboard import labels
from feeds.api.dashboard.sections import Section, Shown
from feeds.api.models import ReleaseOut

WIDTH = 760
LABEL_WIDTH = 250
VALUE_ROOM = 90  # right of the longest bar: its value
BAR_HEIGHT = 14
BAR_GAP = 3
GROUP_GAP = 14
HEAT_LEVELS = 5


@dataclass(frozen=True)
class Bar:
    series: int  # colour and legend entry
    shown: Shown
    y: float
    length: float

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.length + 4


@dataclass(frozen=True)
class BarGroup:
    label: str
    y: float  # of the label's baseline
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    groups: list[BarGroup]
    legend: list[str]  # figure labels, by series
    height: float
    scale_max: int


def _scale(values: list[int]) -> int:
    return max([1, *values])


def bar_chart(section: Section) -> BarChart | None:
    """One group of bars per care function (not the totals: those are in the table)."""
    figures = section.spec.charted
    rows = [row for row in section.rows if not row.is_total and row.key[2] is None]
    values = [
        shown.cell.value
        for row in rows
        for figure in figures
        if (shown := row.cells.get(figure)) is not None and shown.cell.value is not None
    ]
    if not rows:
        return None
    top = _scale(values)
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    groups, y = [], 8.0
    for row in rows:
        present = [(i, row.cells[f]) for i, f in enumerate(figures) if f in row.cells]
        if not present:
            continue
        label = f"{row.region}: {row.care_function}" if section.shows_regions else row.care_function
        bars = []
        for offset, (series, shown) in enumerate(present):
            length = 0.0 if shown.cell.value is None else room * shown.cell.value / top
            bars.append(Bar(series, shown, y + offset * (BAR_HEIGHT + BAR_GAP), length))
        groups.append(BarGroup(label, y + BAR_HEIGHT - 3, bars))
        y += len(present) * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP
    return BarChart(groups, [labels.figure(f) for f in figures], y, top)


@dataclass(frozen=True)
class HeatCell:
    shown: Shown | None
    x: float
    level: int  # 0 (lightest) to HEAT_LEVELS - 1; -1: withheld or not published


@dataclass(frozen=True)
class HeatRow:
    label: str
    y: float
    cells: list[HeatCell]


@dataclass(frozen=True)
class HeatMap:
    columns: list[tuple[str, float]]  # other region, x of its column's middle
    rows: list[HeatRow]
    cell_width: float
    height: float


HEAT_ROW = 44
HEAT_HEADER = 70


def heat_map(section: Section) -> HeatMap | None:
    """Rows: the section's figures (in, out); columns: the other regions."""
    others = sorted({row.key[2] for row in section.rows if row.key[2] is not None})
    if not others:
        return None
    by_other = {row.key[2]: row for row in section.rows if row.key[2] is not None}
    values = [
        shown.cell.value
        for row in by_other.values()
        for shown in row.cells.values()
        if shown.cell.value is not None
    ]
    top = _scale(values)
    width = (WIDTH - LABEL_WIDTH) / len(others)
    rows = []
    for index, figure in enumerate(section.spec.charted):
        y = HEAT_HEADER + index * HEAT_ROW
        cells = []
        for column, other in enumerate(others):
            shown = by_other[other].cells.get(figure)
            value = None if shown is None else shown.cell.value
            level = -1 if value is None else min(HEAT_LEVELS - 1, HEAT_LEVELS * value // (top + 1))
            cells.append(HeatCell(shown, LABEL_WIDTH + column * width, level))
        rows.append(HeatRow(labels.figure(figure), y, cells))
    columns = [
        (labels.region(other), LABEL_WIDTH + (i + 0.5) * width) for i, other in enumerate(others)
    ]
    return HeatMap(columns, rows, width, HEAT_HEADER + len(rows) * HEAT_ROW + 4)


@dataclass(frozen=True)
class Point:
    day: date
    value: int | None
    shown: Shown
    x: float
    y: float


@dataclass(frozen=True)
class Series:
    label: str
    points: list[Point]

    @property
    def drawn(self) -> str:
        """The polyline's points: only days with a value (withheld days leave a gap)."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points if p.value is not None)


@dataclass(frozen=True)
class LineChart:
    series: list[Series]
    days: list[date]
    scale_max: int
    height: float
    first_x: float
    last_x: float


LINE_HEIGHT = 220
LINE_TOP = 16
LINE_BOTTOM = 36


@dataclass(frozen=True)
class TrendSeries:
    """One figure of one care function (or the total) per release as-of day."""

    figure: str
    care_function: str | None
    by_day: dict[date, Shown]

    @property
    def label(self) -> str:
        return f"{labels.figure(self.figure)}: {labels.care_function(self.care_function)}"


def trend_series(trend: list[ReleaseOut], figure: str) -> list[TrendSeries]:
    """Per care function (the total first), the cells of ``figure`` by as-of day."""
    found: dict[str | None, dict[date, Shown]] = {}
    for entry in trend:
        for cell in entry.release.cells:
            if cell.figure == figure and cell.category is None:
                by_day = found.setdefault(cell.care_function, {})
                by_day[entry.release.as_of] = Shown(entry.release.kind, cell)
    order = sorted(found, key=lambda f: (f is not None, labels.care_function(f)))
    return [TrendSeries(figure, function, found[function]) for function in order]


def line_chart(series: list[TrendSeries], days: list[date]) -> LineChart | None:
    """The series over the days (a day without a value leaves a gap); None when there is
    no value to draw."""
    if not days or not series:
        return None
    values = [
        s.cell.value for line in series for s in line.by_day.values() if s.cell.value is not None
    ]
    if not values:
        return None  # withheld on every day: said in words, not drawn as a line at 0
    top = _scale(values)
    first_x, last_x = 60.0, WIDTH - 20.0
    step = (last_x - first_x) / max(1, len(days) - 1)
    inner = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    drawn = []
    for line in series:
        points = [
            Point(
                day,
                shown.cell.value,
                shown,
                first_x + days.index(day) * step,
                LINE_TOP + inner * (1 - (shown.cell.value or 0) / top),
            )
            for day, shown in sorted(line.by_day.items())
        ]
        drawn.append(Series(line.label, points))
    return LineChart(drawn, days, top, LINE_HEIGHT, first_x, last_x)
