"""What each subscriber is due: live capacity releases and one release per closed period.

Pure: the planner is fed the region figures (``FiguresHistory``) and asked, per
subscriber, for the releases that are due now. It remembers what it released (and learns
it again at start from the feed topics themselves), so a period is released once and
capacity only when it changed. How counts are protected is the ``protect`` function it is
given (``feeds.egress.protection``): the planner never sees a protected value change.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from feeds.egress.capacity import capacity_cells
from feeds.egress.counts import (
    ReleaseCounts,
    TrueCount,
    WaitingSpread,
    flows,
    inter_regional_in,
    inter_regional_out,
    stocks,
    waiting_spreads,
)
from feeds.egress.history import FiguresHistory
from feeds.egress.periods import Cadence, Period, closed_periods, following
from feeds.egress.scope import counts_residents, person_figure_areas, regions_in_scope
from feeds.subscribers import Subscriber
from privacy.disclosure.budget import BudgetLedger
from privacy.disclosure.errors import (
    BudgetExhaustedError,
    InconsistentReleaseError,
    UnprotectableError,
)
from privacy.regimes import Regime
from privacy.regimes.model import DifferentialPrivacyProtection
from schemas.feeds import FeedCell, FeedRelease, ReleaseKind

log = logging.getLogger("jeugdhub.egress")

# What stops one release but not the egress: a pattern no suppression can protect, a
# release that contradicts itself, a spent privacy budget.
WITHHELD = (UnprotectableError, InconsistentReleaseError, BudgetExhaustedError)

CAPACITY_PROTECTION = "exact: places and agreements of facilities are not personal data"

# The regime's protection applied to one release's true counts: the published cells
# (``feeds.egress.protection.protect_release``).
Protect = Callable[[Regime, Period, ReleaseCounts, BudgetLedger | None], list[FeedCell]]


@dataclass
class SubscriberState:
    """What was last released to one subscriber, per release key."""

    figures_through: dict[str, date] = field(default_factory=dict)
    figures: dict[str, list[FeedCell]] = field(default_factory=dict)  # the last, per key
    capacity: dict[str, list[FeedCell]] = field(default_factory=dict)
    # The differential-privacy budget spent, for regimes that spend one. The feed topic is
    # its ledger: a release that reached Kafka was spent, one that did not never left.
    ledger: BudgetLedger | None = None

    def learn(self, key: str, release: FeedRelease, regime: Regime) -> None:
        """Take in a release found on the feed topic (at start)."""
        if release.kind is ReleaseKind.FIGURES:
            if release.as_of >= self.figures_through.get(key, release.as_of):
                self.figures_through[key] = release.as_of
                self.figures[key] = list(release.cells)
            if self.ledger is not None:
                self.ledger.charge(release.as_of.year, epsilon_per_release(regime))
        else:
            self.capacity[key] = list(release.cells)


def epsilon_per_release(regime: Regime) -> float:
    protection = regime.protection
    assert isinstance(protection, DifferentialPrivacyProtection)
    return protection.epsilon_per_year / protection.releases_per_year


def release_key(kind: ReleaseKind, subject: str) -> str:
    return f"{kind.value}/{subject}"


@dataclass
class ReleasePlanner:
    regimes: dict[str, Regime]
    general: FiguresHistory
    justice: FiguresHistory
    residents: FiguresHistory  # per municipality of residence (``streams.residents``)
    protect: Protect
    states: dict[str, SubscriberState] = field(default_factory=dict)

    def state(self, subscriber: Subscriber) -> SubscriberState:
        state = self.states.get(subscriber.name)
        if state is None:
            protection = self.regimes[subscriber.regime].protection
            ledger = None
            if isinstance(protection, DifferentialPrivacyProtection):
                ledger = BudgetLedger(protection.epsilon_per_year)
            state = self.states[subscriber.name] = SubscriberState(ledger=ledger)
        return state

    def due(self, subscriber: Subscriber) -> list[tuple[str, FeedRelease]]:
        """Every release now due to ``subscriber``, keyed; marked as released."""
        regime = self.regimes[subscriber.regime]
        releases = []
        if regime.capacity:
            regions = regions_in_scope(regime.scope, subscriber.scope)
            releases += self._capacity(subscriber, regime, regions)
        areas = person_figure_areas(regime.scope, subscriber.scope)
        releases += self._figures(subscriber, regime, self._history_of(regime), areas)
        return releases

    def _history_of(self, regime: Regime) -> FiguresHistory:
        """Where the regime's person-derived figures come from: justice data, figures per
        municipality of residence, or the general region figures."""
        if regime.justice_data:
            return self.justice
        return self.residents if counts_residents(regime.scope) else self.general

    def _capacity(
        self, subscriber: Subscriber, regime: Regime, regions: list[str]
    ) -> list[tuple[str, FeedRelease]]:
        state = self.state(subscriber)
        due = []
        for region in regions:
            latest = self.general.latest(region)
            if latest is None:
                continue
            cells = capacity_cells(latest)
            key = release_key(ReleaseKind.CAPACITY, region)
            if state.capacity.get(key) == cells:
                continue
            state.capacity[key] = cells
            release = self._release(
                subscriber, regime, ReleaseKind.CAPACITY, key, as_of=latest.as_of, cells=cells
            )
            due.append((key, release))
        return due

    def _figures(
        self,
        subscriber: Subscriber,
        regime: Regime,
        history: FiguresHistory,
        regions: list[str],
    ) -> list[tuple[str, FeedRelease]]:
        latest = [f for f in (history.latest(r) for r in regions) if f is not None]
        if not latest:
            return []
        earliest = min(day for r in regions if (day := history.earliest_day(r)) is not None)
        key = release_key(ReleaseKind.FIGURES, subscriber.scope or regime.scope)
        state = self.state(subscriber)
        cadence = Cadence(regime.cadence)
        due = []
        newest = max(f.as_of for f in latest)
        for period in closed_periods(cadence, state.figures_through.get(key), newest, earliest):
            true = self._true_counts(history, regions, regime, period, state.figures.get(key, []))
            if not true.counts:
                continue
            try:
                cells = self.protect(regime, period, true, state.ledger)
            except WITHHELD as error:
                # The whole release is withheld, and the period skipped: retrying would
                # meet the same pattern (or the same spent budget) again.
                log.error(
                    "release %s to %s as of %s withheld: %s",
                    key,
                    subscriber.name,
                    period.end,
                    error,
                )
                state.figures_through[key] = period.end
                continue
            release = self._release(
                subscriber,
                regime,
                ReleaseKind.FIGURES,
                key,
                as_of=period.end,
                period=period,
                cells=cells,
                next_release=following(period, cadence).end,
            )
            due.append((key, release))
            state.figures_through[key] = period.end
            state.figures[key] = cells
        return due

    @staticmethod
    def _true_counts(
        history: FiguresHistory,
        regions: list[str],
        regime: Regime,
        period: Period,
        previous: list[FeedCell],
    ) -> ReleaseCounts:
        at_end = {r: f for r in history.regions() if (f := history.at_end_of(r, period.end))}
        counts: list[TrueCount] = []
        spreads: list[WaitingSpread] = []
        present = [region for region in regions if region in at_end]
        for region in present:
            figures = at_end[region]
            counts += stocks(figures)
            # Flows per day are complete in the newest figures (a day's flows do not
            # depend on the as-of), which also hold the days after the stocks' record.
            counts += flows(history.latest(region) or figures, period)
            counts += inter_regional_in(figures)
            counts += inter_regional_out(region, at_end.values())
            spreads += waiting_spreads(figures, period.end)
        wanted = set(regime.figures)
        wanted_counts = [c for c in counts if c.figure in wanted]
        return ReleaseCounts(present, wanted_counts, spreads, previous)

    @staticmethod
    def _release(
        subscriber: Subscriber,
        regime: Regime,
        kind: ReleaseKind,
        key: str,
        *,
        as_of: date,
        cells: list[FeedCell],
        period: Period | None = None,
        next_release: date | None = None,
    ) -> FeedRelease:
        return FeedRelease(
            release_id=f"{subscriber.name}/{key}/{as_of.isoformat()}",
            recipient=subscriber.name,
            regime=regime.name,
            kind=kind,
            as_of=as_of,
            period_start=None if period is None else period.start,
            next_release=next_release,
            published_at=datetime.now(UTC),
            legal_basis="; ".join(regime.legal_basis),
            purpose=regime.purpose,
            protection=regime.summary if kind is ReleaseKind.FIGURES else CAPACITY_PROTECTION,
            cells=cells,
        )
