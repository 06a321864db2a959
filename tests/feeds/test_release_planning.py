"""What the egress releases to whom, from region figures (pure: no Kafka here; the
broker path is in test_egress_on_the_broker.py)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from feeds.egress.counts import FLOW_FIGURES
from feeds.egress.protection import protect_release
from feeds.egress.release import ReleasePlanner, release_key
from feeds.subscribers import Subscriber
from privacy.regimes import load_regimes
from schemas.aggregates import RegionFiguresPublished
from schemas.codec import encode
from schemas.feeds import CellStatus, FeedCell, FeedRelease, ReleaseKind
from tests.feeds.figures import region_figures

REGIMES = load_regimes()
DAY = date(2026, 3, 10)


def subscriber(name: str, regime: str, scope: str | None) -> Subscriber:
    return Subscriber(name, regime, scope, "id", "sha", "2026-01-01T00:00:00+00:00")


def planner(
    *general: RegionFiguresPublished,
    justice: tuple[RegionFiguresPublished, ...] = (),
    residents: tuple[RegionFiguresPublished, ...] = (),
    providers: tuple[RegionFiguresPublished, ...] = (),
) -> ReleasePlanner:
    made = ReleasePlanner(REGIMES, protect_release)
    histories = (made.general, made.justice, made.residents, made.providers)
    for history, records in zip(histories, (general, justice, residents, providers), strict=True):
        for figures in records:
            history.add(figures)
    return made


def figures_releases(releases: list[tuple[str, FeedRelease]]) -> list[FeedRelease]:
    return [release for _, release in releases if release.kind is ReleaseKind.FIGURES]


def comparable(release: FeedRelease) -> bytes:
    fixed = datetime(2026, 1, 1, tzinfo=UTC)
    return encode(release.model_copy(update={"published_at": fixed}))


REGION = subscriber("utrecht-stad", "region", "utrecht-stad")


def test_capacity_leaves_exact_and_only_when_it_changed() -> None:
    figures = region_figures("utrecht-stad", DAY, places=17, base=21)
    plan = planner(figures)

    first = [r for _, r in plan.due(REGION) if r.kind is ReleaseKind.CAPACITY]
    again = [r for _, r in plan.due(REGION) if r.kind is ReleaseKind.CAPACITY]

    (release,) = first
    values = {(c.figure, c.care_function): (c.value, c.status) for c in release.cells}
    assert values[("places_declared", "closed")] == (17, CellStatus.EXACT)
    assert values[("base_availability", "crisis")] == (21, CellStatus.EXACT)
    assert values[("shortfall", "crisis")] == (4, CellStatus.EXACT)
    assert not any(c.figure in ("occupied", "waiting") for c in release.cells)
    assert again == []


def test_a_care_function_with_only_waiting_youths_is_not_named_in_capacity() -> None:
    figures = region_figures("utrecht-stad", DAY, functions=("closed",), places=0, base=0)
    (release,) = [r for _, r in planner(figures).due(REGION) if r.kind is ReleaseKind.CAPACITY]

    assert release.cells == []


def test_figures_leave_once_per_closed_day_never_for_the_open_day() -> None:
    plan = planner(region_figures("utrecht-stad", DAY))
    assert figures_releases(plan.due(REGION)) == []  # DAY is still open

    plan.general.add(region_figures("utrecht-stad", DAY + timedelta(days=3)))
    released = figures_releases(plan.due(REGION))

    assert [r.as_of for r in released] == [DAY, DAY + timedelta(days=1), DAY + timedelta(days=2)]
    assert all(r.period_start == r.as_of for r in released)
    assert released[0].next_release == DAY + timedelta(days=1)
    assert figures_releases(plan.due(REGION)) == []


def test_after_a_restart_what_is_on_the_feed_is_not_released_again() -> None:
    history = [
        region_figures("utrecht-stad", DAY),
        region_figures("utrecht-stad", DAY + timedelta(days=2)),
    ]
    before = planner(*history)
    released = before.due(REGION)

    after = planner(*history)
    state = after.state(REGION)
    for key, release in released:
        state.learn(key, release, REGIMES["region"])

    assert after.due(REGION) == []


def test_region_figures_are_perturbed_within_the_deviation_and_never_one() -> None:
    plan = planner(
        region_figures("utrecht-stad", DAY), region_figures("utrecht-stad", DAY + timedelta(days=1))
    )
    (release,) = figures_releases(plan.due(REGION))
    truth = {f.care_function: f for f in region_figures("utrecht-stad", DAY).now}

    occupied = {c.care_function: c for c in release.cells if c.figure == "occupied"}
    for function, cell in occupied.items():
        if function is None:
            continue
        assert cell.status in (CellStatus.PERTURBED, CellStatus.EXACT)
        assert cell.value is not None and abs(cell.value - truth[function].occupied) <= 3
    assert all(
        c.value != 1
        for c in release.cells
        if c.figure not in ("waiting_days_median", "waiting_days_p90")
    )
    assert release.regime == "region" and "Jeugdwet" in release.legal_basis


def test_the_same_content_gets_the_same_published_values() -> None:
    history = [
        region_figures("utrecht-stad", DAY),
        region_figures("utrecht-stad", DAY + timedelta(days=1)),
    ]
    first = figures_releases(planner(*history).due(REGION))
    second = figures_releases(planner(*history).due(REGION))

    assert [comparable(r) for r in first] == [comparable(r) for r in second]


def test_justice_figures_change_no_general_release_and_reach_only_the_institution() -> None:
    days = (DAY, DAY + timedelta(days=9))  # the institution's releases are weekly
    general = [region_figures(r, d) for r in ("utrecht-stad", "eemland") for d in days]
    justice = tuple(region_figures(r, d, seed=9) for r in ("utrecht-stad", "eemland") for d in days)
    institution = subscriber("gi-svmn", "certified-institution", "gi-svmn")
    supra = subscriber("bovenregionaal", "supra-regional", None)

    for someone in (REGION, supra):
        without = [comparable(r) for _, r in planner(*general).due(someone)]
        with_justice = [comparable(r) for _, r in planner(*general, justice=justice).due(someone)]
        assert without == with_justice

    assert figures_releases(planner(*general).due(institution)) == []
    assert figures_releases(planner(*general, justice=justice).due(institution)) != []


def test_a_municipality_gets_its_residents_figures_and_its_regions_capacity() -> None:
    municipality = subscriber("utrecht", "municipality", "0344")
    days = (DAY, DAY + timedelta(days=9))  # municipalities are released weekly
    regions = [region_figures("utrecht-stad", day) for day in days]
    residents = tuple(region_figures("0344", day, seed=3, scale=30) for day in days)
    others = tuple(region_figures("0307", day, seed=4, scale=30) for day in days)

    released = planner(*regions, residents=residents).due(municipality)
    with_others = planner(*regions, residents=residents + others).due(municipality)

    (capacity,) = [r for _, r in released if r.kind is ReleaseKind.CAPACITY]
    assert {c.region for c in capacity.cells} == {"utrecht-stad"}
    (figures,) = figures_releases(released)
    assert figures.as_of == date(2026, 3, 15)  # the week of 9-15 March closed
    assert {c.region for c in figures.cells} == {"0344"}
    k = REGIMES["municipality"].protection.k  # type: ignore[union-attr]
    counts = [c for c in figures.cells if not c.figure.startswith("waiting_days")]
    assert any(c.value is not None and c.value >= k for c in counts)
    assert all(c.value is None or c.value == 0 or c.value >= k for c in counts)
    # Another municipality's residents change nothing in Utrecht's releases.
    assert [comparable(r) for _, r in with_others] == [comparable(r) for _, r in released]
    # Without figures of its residents, a municipality gets its region's capacity only.
    assert figures_releases(planner(*regions).due(municipality)) == []


def test_a_threshold_regime_publishes_no_count_below_k() -> None:
    provider = subscriber("altrecht", "provider", "99000001")
    history = [
        region_figures("utrecht-stad", DAY),
        region_figures("utrecht-stad", DAY + timedelta(days=9)),
    ]
    k = REGIMES["provider"].protection.k  # type: ignore[union-attr]

    released = figures_releases(planner(*history).due(provider))

    assert released
    counts = [c for r in released for c in r.cells if not c.figure.startswith("waiting_days")]
    assert all(c.value is None or c.value == 0 or c.value >= k for c in counts)
    assert any(c.status is CellStatus.SUPPRESSED for c in counts)


def test_a_providers_context_is_protected_against_its_own_part() -> None:
    """A region's 12 clinical placements with 11 of the provider's own leave one elsewhere:
    published as the region's 12, the provider would single it out. The other providers'
    part (1) is what is protected, so the region cell is withheld; the provider gets its
    own 11 exact in a release of its own."""
    provider = subscriber("altrecht", "provider", "99000001")
    days = (DAY, DAY + timedelta(days=9))
    region = [region_figures("utrecht-stad", day, functions=("closed",), scale=30) for day in days]
    own = [
        region_figures("99000001@utrecht-stad", day, functions=("closed",), scale=30, seed=1)
        for day in days
    ]
    week = {
        day.day for day in region[1].daily if date(2026, 3, 9) <= day.day <= DAY + timedelta(days=5)
    }
    own = [
        _part_of(o, r, keep_one_out_of="placements", days=week)
        for o, r in zip(own, region, strict=True)
    ]

    released = planner(*region, providers=tuple(own)).due(provider)

    by_key = {key: release for key, release in released if release.kind is ReleaseKind.FIGURES}
    context, mine = by_key["FIGURES/99000001"], by_key["FIGURES/99000001/own"]
    total = sum(d.placements for d in region[1].daily if d.day in week)
    own_total = sum(d.placements for d in own[1].daily if d.day in week)
    assert total - own_total == 1
    (placed,) = [
        c for c in context.cells if c.figure == "placements" and c.care_function == "closed"
    ]
    assert placed.status is CellStatus.SUPPRESSED and placed.value is None
    (own_placed,) = [c for c in mine.cells if c.figure == "placements"]
    assert own_placed == FeedCell(
        figure="placements",
        region="utrecht-stad",
        care_function="closed",
        value=own_total,
        status=CellStatus.EXACT,
    )
    k = REGIMES["provider"].protection.k  # type: ignore[union-attr]
    # Whatever the context publishes, its part beyond the provider's own is 0 or at least k.
    for cell in context.cells:
        if cell.value is not None and not cell.figure.startswith("waiting_days"):
            mine_here = sum(
                c.value or 0
                for c in mine.cells
                if c.figure == cell.figure
                and cell.care_function in (None, c.care_function)
                and cell.category in (None, c.category)
            )
            assert cell.value - mine_here == 0 or cell.value - mine_here >= k, cell


def _part_of(
    part: RegionFiguresPublished,
    region: RegionFiguresPublished,
    keep_one_out_of: str,
    days: set[date],
) -> RegionFiguresPublished:
    """``part`` made a true part of ``region``: every count at most the region's, and on
    ``days`` all of the region's ``keep_one_out_of`` but one."""
    flows = {(d.care_function, d.day): d for d in region.daily}
    daily = []
    left_out = False
    for day in part.daily:
        whole = flows[day.care_function, day.day]
        counts = {f: min(getattr(day, f), getattr(whole, f)) for f in FLOW_FIGURES}
        if day.day in days:
            counts[keep_one_out_of] = getattr(whole, keep_one_out_of)
            if not left_out and counts[keep_one_out_of]:
                counts[keep_one_out_of] -= 1
                left_out = True
        discharges = [
            d.model_copy(update={"count": min(d.count, w.count)})
            for d in day.discharges
            for w in whole.discharges
            if w.destination == d.destination
        ]
        daily.append(day.model_copy(update={**counts, "discharges": discharges}))
    now = [
        n.model_copy(
            update={
                "occupied": min(n.occupied, w.occupied),
                "waiting_now": min(n.waiting_now, w.waiting_now),
            }
        )
        for n, w in zip(part.now, region.now, strict=True)
    ]
    return part.model_copy(update={"daily": daily, "now": now})


def test_the_public_release_is_monthly_noisy_and_spends_the_budget() -> None:
    public = subscriber("open-data", "public", None)
    history = [
        region_figures("utrecht-stad", date(2026, 1, 31)),
        region_figures("utrecht-stad", date(2026, 2, 2)),
    ]
    plan = planner(*history)

    (release,) = figures_releases(plan.due(public))

    assert release.period_start == date(2026, 1, 1) and release.as_of == date(2026, 1, 31)
    assert {c.status for c in release.cells} == {CellStatus.NOISY}
    assert all(c.value is not None and c.value >= 0 for c in release.cells)
    ledger = plan.state(public).ledger
    assert ledger is not None and ledger.spent(2026) == pytest.approx(4.0 / 12)


def test_inter_regional_out_comes_from_the_other_regions_figures() -> None:
    here = region_figures("utrecht-stad", DAY, homes=("eemland",))
    there = region_figures("eemland", DAY, homes=("utrecht-stad",), open_stays=12)
    small = region_figures("flevoland", DAY, homes=("utrecht-stad",), open_stays=2)
    plan = planner(here, there, small, region_figures("utrecht-stad", DAY + timedelta(days=1)))

    (release,) = figures_releases(plan.due(REGION))
    out = {c.category: c for c in release.cells if c.figure == "inter_regional_out"}

    assert out["eemland"].value is not None and abs(out["eemland"].value - 12) <= 3
    # A row below the regime's minimum (5) is not shown by region: it merges.
    assert "flevoland" not in out and "other-regions" in out


def test_release_keys_name_kind_and_subject() -> None:
    assert release_key(ReleaseKind.CAPACITY, "eemland") == "CAPACITY/eemland"
    assert release_key(ReleaseKind.FIGURES, "utrecht-stad") == "FIGURES/utrecht-stad"


def test_a_spent_budget_withholds_the_public_release_and_skips_its_period() -> None:
    public = subscriber("open-data", "public", None)
    history = [
        region_figures("utrecht-stad", date(2026, 1, 31)),
        region_figures("utrecht-stad", date(2026, 2, 2)),
    ]
    plan = planner(*history)
    ledger = plan.state(public).ledger
    assert ledger is not None
    ledger.charge(2026, 4.0)  # the whole year's epsilon

    assert figures_releases(plan.due(public)) == []
    assert plan.state(public).figures_through == {"FIGURES/national": date(2026, 1, 31)}
