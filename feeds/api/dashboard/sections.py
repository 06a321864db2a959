"""What the dashboard shows: the cells of a feed snapshot grouped into the regions' sections.

Every cell of the snapshot lands in exactly one section's table, as it is (value and
status): the page adds labels, never figures. A section's chart draws the same cells. A
figure the regime does not grant is not in the feed, so it is not on the page either.
"""

from dataclasses import dataclass, field
from datetime import date

from feeds.api.dashboard import labels
from feeds.api.models import FeedSnapshot, ReleaseOut
from schemas.feeds import CellStatus, FeedCell, FeedRelease, ReleaseKind


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    title: str
    intro: str
    figures: tuple[str, ...]  # the table's columns, in this order
    charted: tuple[str, ...]  # the figures the chart draws (per row, as bars or a heat map)
    heat_map: bool = False


SECTIONS = (
    SectionSpec(
        "capaciteit",
        "Bezetting tegen basisbeschikbaarheid per zorgfunctie",
        "Plaatsen en basisbeschikbaarheid zijn live; de bezetting telt jongeren en komt met "
        "de dagelijkse publicatie.",
        ("places_declared", "base_availability", "shortfall", "occupied"),
        ("places_declared", "occupied", "base_availability"),
    ),
    SectionSpec(
        "wachtlijst",
        "Wachtlijst en wachttijd",
        "Jongeren op de wachtlijst aan het eind van de peildatum, met hun wachttijd "
        "(alleen waar genoeg jongeren wachten).",
        ("waiting", "waiting_days_median", "waiting_days_p90"),
        ("waiting",),
    ),
    SectionSpec(
        "instroom-uitstroom",
        "Instroom en uitstroom",
        "Aanmeldingen, plaatsingen en beëindigde plaatsingen (per bestemming) in de periode.",
        ("registrations", "placements", "discharges"),
        ("placements", "discharges"),
    ),
    SectionSpec(
        "doorplaatsingen",
        "Doorplaatsingen",
        "Plaatsingen kort na een beëindigde plaatsing bij een andere aanbieder.",
        ("replacements",),
        ("replacements",),
    ),
    SectionSpec(
        "weigeringen",
        "Weigeringen",
        "Aanmeldingen die een aanbieder heeft geweigerd.",
        ("refusals",),
        ("refusals",),
    ),
    SectionSpec(
        "overgang-18",
        "18-/18+-overgang",
        "Plaatsingen van jongeren van 17 jaar en ouder, en jongeren die 18 werden in zorg.",
        ("placements_17_plus", "transitions_18"),
        ("placements_17_plus", "transitions_18"),
    ),
    SectionSpec(
        "niet-gecontracteerd",
        "Niet-gecontracteerd aanbod",
        "Plaatsingen bij aanbieders zonder contract met de regio.",
        ("non_contracted",),
        ("non_contracted",),
    ),
    SectionSpec(
        "interregionaal",
        "Interregionale stromen",
        "Lopende plaatsingen tussen deze regio en de andere regio's, per regio.",
        ("inter_regional_in", "inter_regional_out"),
        ("inter_regional_in", "inter_regional_out"),
        heat_map=True,
    ),
)
_SECTION_OF = {name: spec for spec in SECTIONS for name in spec.figures}


@dataclass(frozen=True)
class Shown:
    """One feed cell as the page shows it."""

    kind: ReleaseKind
    cell: FeedCell

    @property
    def text(self) -> str:
        if self.cell.value is None:
            return labels.STATUS_WORDS[CellStatus.SUPPRESSED]
        approximate = self.cell.status in (CellStatus.PERTURBED, CellStatus.NOISY)
        return f"≈ {self.cell.value}" if approximate else str(self.cell.value)

    @property
    def status_word(self) -> str:
        return labels.STATUS_WORDS[self.cell.status]


RowKey = tuple[str | None, str | None, str | None]  # region, care function, category


@dataclass
class Row:
    key: RowKey
    cells: dict[str, Shown] = field(default_factory=dict)  # by figure

    @property
    def region(self) -> str:
        return labels.region(self.key[0])

    @property
    def care_function(self) -> str:
        return labels.care_function(self.key[1])

    @property
    def category(self) -> str:
        return labels.category(self.key[2])

    @property
    def is_total(self) -> bool:
        return self.key[1] is None and self.key[2] is None


@dataclass(frozen=True)
class Dated:
    """When the figures of one kind describe, and when the next ones come."""

    kind: ReleaseKind
    as_of: date
    period_start: date | None
    next_release: date | None


@dataclass
class Section:
    spec: SectionSpec
    rows: list[Row]
    dated: list[Dated]
    statuses: list[CellStatus]  # those that occur, for the one-line explanations

    @property
    def shows_regions(self) -> bool:
        return len({row.key[0] for row in self.rows}) > 1

    @property
    def shows_care_functions(self) -> bool:
        """False only for a table of categories alone (the inter-regional regions)."""
        return any(row.key[1] is not None for row in self.rows) or not self.shows_categories

    @property
    def shows_categories(self) -> bool:
        return any(row.key[2] is not None for row in self.rows)

    @property
    def explanations(self) -> list[str]:
        return [labels.STATUS_EXPLANATIONS[status] for status in self.statuses]

    def cells(self) -> list[Shown]:
        return [row.cells[f] for row in self.rows for f in self.spec.figures if f in row.cells]


def _row_order(key: RowKey) -> tuple[bool, str, bool, str, bool, str]:
    region, function, category = key
    return (
        region is None,
        labels.region(region),
        function is None,
        labels.care_function(function),
        category is None,
        labels.category(category),
    )


def _dated(release: FeedRelease) -> Dated:
    return Dated(release.kind, release.as_of, release.period_start, release.next_release)


def sections(snapshot: FeedSnapshot) -> list[Section]:
    """The sections that have cells in this snapshot, in the page's order."""
    rows: dict[str, dict[RowKey, Row]] = {spec.slug: {} for spec in SECTIONS}
    dated: dict[str, dict[tuple[ReleaseKind, date], Dated]] = {s.slug: {} for s in SECTIONS}
    for entry in snapshot.releases:
        release = entry.release
        for cell in release.cells:
            spec = _SECTION_OF.get(cell.figure)
            if spec is None:
                continue  # a figure no section knows: still in the CSV of the whole feed
            key = (cell.region, cell.care_function, cell.category)
            row = rows[spec.slug].setdefault(key, Row(key))
            row.cells[cell.figure] = Shown(release.kind, cell)
            dated[spec.slug][release.kind, release.as_of] = _dated(release)
    found = []
    for spec in SECTIONS:
        if not rows[spec.slug]:
            continue
        ordered = [rows[spec.slug][key] for key in sorted(rows[spec.slug], key=_row_order)]
        statuses = {shown.cell.status for row in ordered for shown in row.cells.values()}
        found.append(
            Section(
                spec,
                ordered,
                sorted(dated[spec.slug].values(), key=lambda d: d.kind.value),
                [status for status in CellStatus if status in statuses],
            )
        )
    return found


def section_cells(snapshot: FeedSnapshot, slug: str) -> list[tuple[ReleaseOut, list[FeedCell]]]:
    """The snapshot's cells of one section, per release (for that section's CSV)."""
    spec = next((s for s in SECTIONS if s.slug == slug), None)
    if spec is None:
        raise KeyError(slug)
    return [
        (entry, [c for c in entry.release.cells if c.figure in spec.figures])
        for entry in snapshot.releases
    ]
