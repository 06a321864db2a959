"""What each subscriber is due: live capacity releases and one release per closed period.

Pure: the planner is fed the region figures (``FiguresHistory``) and asked, per
subscriber, for the releases that are due now. It remembers what it released (and learns
it again at start from the feed topics themselves), so a period is released once and
capacity only when it changed. How counts are protected is the ``protect`` function it is
given (``feeds.egress.protection``): the planner never sees a protected value change.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from feeds.egress.capacity import capacity_cells
from feeds.egress.counts import ReleaseCounts, release_counts
from feeds.egress.history import FiguresHistory
from feeds.egress.metrics import WITHHELD as WITHHELD_RELEASES
from feeds.egress.periods import Cadence, Period, closed_periods, following
from feeds.egress.provider_context import as_regions, others, own_cells, own_counts, with_own
from feeds.egress.scope import counts_residents, person_figure_areas, regions_in_scope
from feeds.subscribers import Subscriber
from privacy.disclosure.budget import BudgetLedger
from privacy.disclosure.errors import (
    BudgetExhaustedError,
    InconsistentReleaseError,
    UnprotectableError,
)
from privacy.regimes import Regime
from privacy.regimes.model import DifferentialPrivacyProtection, Scope
from schemas.aggregates import parts_of_provider
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


# How one release's true counts become its published cells: the regime's protection, a
# provider's context (``feeds.egress.provider_context``), or its own part, exact.
Publish = Callable[[ReleaseCounts, Period, SubscriberState], list[FeedCell]]


@dataclass(frozen=True)
class FiguresPlan:
    """One series of figures releases: under whose key (``FIGURES/<subject>``), from which
    history and areas, published how."""

    subject: str
    history: FiguresHistory
    areas: list[str]
    publish: Publish


def epsilon_per_release(regime: Regime) -> float:
    protection = regime.protection
    assert isinstance(protection, DifferentialPrivacyProtection)
    return protection.epsilon_per_year / protection.releases_per_year


def release_key(kind: ReleaseKind, subject: str) -> str:
    return f"{kind.value}/{subject}"


@dataclass
class ReleasePlanner:
    regimes: dict[str, Regime]
    protect: Protect
    # The internal figures, per topic: per region (general and justice), per municipality
    # of residence (``streams.youth_stage.residents``), per provider's part of a region
    # (``streams.youth_stage.providers``).
    general: FiguresHistory = field(default_factory=FiguresHistory)
    justice: FiguresHistory = field(default_factory=FiguresHistory)
    residents: FiguresHistory = field(default_factory=FiguresHistory)
    providers: FiguresHistory = field(default_factory=FiguresHistory)
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
        for plan in self._figures_plans(subscriber, regime):
            releases += self._figures(subscriber, regime, plan)
        return releases

    def _figures_plans(self, subscriber: Subscriber, regime: Regime) -> list[FiguresPlan]:
        """The series of figures releases a subscriber gets: one under its regime's
        protection; for a provider, its region context and its own part."""
        areas = person_figure_areas(regime.scope, subscriber.scope)
        history = self._history_of(regime)
        if regime.scope != Scope.OWN_PROVIDER:
            subject = subscriber.scope or regime.scope
            return [FiguresPlan(subject, history, areas, self._protected(regime))]
        agb = subscriber.scope
        assert agb is not None  # checked when the subscriber was added
        own_part = parts_of_provider(agb, self.providers.regions())
        return [
            FiguresPlan(agb, history, areas, self._context_of(regime, agb)),
            FiguresPlan(
                f"{agb}/own",
                self.providers,
                own_part,
                lambda true, _, __: own_cells(as_regions(true)),
            ),
        ]

    def _history_of(self, regime: Regime) -> FiguresHistory:
        """Where the regime's person-derived figures come from: justice data, figures per
        municipality of residence, or the general region figures."""
        if regime.justice_data:
            return self.justice
        return self.residents if counts_residents(regime.scope) else self.general

    def _protected(self, regime: Regime) -> Publish:
        """Publish the true counts under the regime's protection."""

        def publish(true: ReleaseCounts, period: Period, state: SubscriberState) -> list[FeedCell]:
            return self.protect(regime, period, true, state.ledger)

        return publish

    def _context_of(self, regime: Regime, provider_agb: str) -> Publish:
        """Publish a provider's region context: the other providers' part protected, its
        own part added back (``feeds.egress.provider_context``)."""

        def publish(true: ReleaseCounts, period: Period, state: SubscriberState) -> list[FeedCell]:
            own = own_counts(self.providers, provider_agb, regime.figures, period)
            previous = true.previous
            before = state.figures_through.get(release_key(ReleaseKind.FIGURES, provider_agb))
            if previous and before is not None:
                at_before = own_counts(
                    self.providers, provider_agb, regime.figures, Period(before, before)
                )
                previous = with_own(previous, at_before, sign=-1)
            rest = replace(others(true, own), previous=previous)
            return with_own(self.protect(regime, period, rest, state.ledger), own)

        return publish

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
        self, subscriber: Subscriber, regime: Regime, plan: FiguresPlan
    ) -> list[tuple[str, FeedRelease]]:
        """One release per closed period of the regime's cadence, under the plan's key."""
        history, regions = plan.history, plan.areas
        latest = [f for f in (history.latest(r) for r in regions) if f is not None]
        if not latest:
            return []
        earliest = min(day for r in regions if (day := history.earliest_day(r)) is not None)
        key = release_key(ReleaseKind.FIGURES, plan.subject)
        state = self.state(subscriber)
        cadence = Cadence(regime.cadence)
        due = []
        newest = max(f.as_of for f in latest)
        for period in closed_periods(cadence, state.figures_through.get(key), newest, earliest):
            previous = state.figures.get(key, [])
            true = release_counts(history, regions, regime.figures, period, previous)
            if not true.counts:
                continue
            try:
                cells = plan.publish(true, period, state)
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
                WITHHELD_RELEASES.labels(regime.name).inc()
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
