"""Both stages run by hand: events in, a region's figures out (no Kafka).

``Stages`` recomputes everything from the states; ``RegionTables`` is stage 2 as the faust
wiring will run it: per (region, youth) the latest contribution as bytes, replaced on
arrival (and removed when a youth no longer touches the region), with running totals.
Both take the youth's contributions from stage 1's own function, general (``YOUTH``),
justice (``JUSTICE``) and per municipality of residence (``RESIDENTS``) apart; the
general figures are the default.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from streams.messages import YOUTH
from streams.region_stage.aggregates import figures_from_totals, region_figures
from streams.region_stage.figures import RegionFigures
from streams.region_stage.region_totals import RegionTotals
from streams.regional import RegionContribution, contribution_from_bytes, contribution_to_bytes
from streams.youth_stage.capacity import CAPACITY_EVENT_NAMES, LocationState, add_capacity_event
from streams.youth_stage.step import youth_contributions
from streams.youth_stage.trajectory import YouthState, add_event
from tests.streams.events import Made

Pair = tuple[str, dict[str, Any]]


class Stages:
    """The state of both stages as the faust tables will hold it."""

    def __init__(self) -> None:
        self.youths: dict[str, YouthState] = {}
        self.locations: dict[str, LocationState] = {}

    def feed(self, pairs: Iterable[Pair]) -> "Stages":
        for name, record in pairs:
            self.add(name, record)
        return self

    def add(self, name: str, record: dict[str, Any]) -> str | None:
        """Add one event; the youth's key for a person event."""
        if name in CAPACITY_EVENT_NAMES:
            location = record["location"]
            key = f"{location['provider_agb']}:{location['location_code']}"
            state = self.locations.get(key, LocationState())
            self.locations[key] = add_capacity_event(state, name, record)
            return None
        youth = str(record["youth"]["pseudonym"])
        self.youths[youth] = add_event(self.youths.get(youth, YouthState()), name, record)
        return youth

    def contributions(self, kind: bytes = YOUTH) -> dict[tuple[str, str], RegionContribution]:
        """Per (region, youth), recomputed from the youths' states."""
        return {
            (region, youth): contribution
            for youth, state in self.youths.items()
            for region, contribution in youth_contributions(youth, state, 30)[kind].items()
        }

    def regions(self, kind: bytes = YOUTH) -> set[str]:
        regions = {region for region, _ in self.contributions(kind)}
        if kind != YOUTH:
            return regions  # only the general figures have capacity
        return regions | {state.region for state in self.locations.values() if state.region}

    def figures(
        self, region: str, as_of: date | None = None, kind: bytes = YOUTH
    ) -> RegionFigures | None:
        held = [c for (r, _), c in self.contributions(kind).items() if r == region]
        locations = self.locations.values() if kind == YOUTH else []
        return region_figures(region, held, locations, as_of)

    def all_figures(self, kind: bytes = YOUTH) -> dict[str, dict[str, Any]]:
        """Every region's figures as plain dicts."""
        return {
            region: _plain(self.figures(region, kind=kind)) for region in sorted(self.regions(kind))
        }


class RegionTables:
    """Stage 2 fed by stage 1 one event at a time."""

    def __init__(self) -> None:
        self.stages = Stages()
        self.held: dict[tuple[str, str], bytes] = {}
        self.totals: dict[str, RegionTotals] = {}
        self.regions_of: dict[str, set[str]] = {}  # per youth, the regions holding its part

    def feed(self, pairs: Iterable[Pair]) -> "RegionTables":
        for name, record in pairs:
            youth = self.stages.add(name, record)
            if youth is not None:
                state = self.stages.youths[youth]
                self._receive(youth, youth_contributions(youth, state, 30)[YOUTH])
        return self

    def _receive(self, youth: str, new: dict[str, RegionContribution]) -> None:
        """What stage 2 does with stage 1's output: replace, per region, what it held."""
        held_regions = self.regions_of.get(youth, set())
        self.regions_of[youth] = set(new)
        for region in held_regions | new.keys():
            totals = self.totals.setdefault(region, RegionTotals())
            old = self.held.pop((region, youth), None)
            if old is not None:
                totals.remove(contribution_from_bytes(old))
            if region in new:
                self.held[region, youth] = contribution_to_bytes(new[region])
                totals.add(new[region])

    def all_figures(self) -> dict[str, dict[str, Any]]:
        """From the held bytes, every region the stages know."""
        return {
            region: _plain(
                region_figures(
                    region,
                    [contribution_from_bytes(b) for (r, _), b in self.held.items() if r == region],
                    self.stages.locations.values(),
                )
            )
            for region in self._regions()
        }

    def totals_figures(self) -> dict[str, dict[str, Any]]:
        """From the running totals, every region the stages know."""
        return {
            region: _plain(
                figures_from_totals(
                    region, self.totals.get(region, RegionTotals()), self.stages.locations.values()
                )
            )
            for region in self._regions()
        }

    def _regions(self) -> list[str]:
        locations = self.stages.locations.values()
        held = {region for region, _ in self.held}
        return sorted(held | {state.region for state in locations if state.region})


def _plain(figures: RegionFigures | None) -> dict[str, Any]:
    assert figures is not None
    return figures.to_dict()


def figures_of(events: Iterable[Made], region: str, as_of: date | None = None) -> RegionFigures:
    """The figures of ``region`` from ``Made`` events; the region must have figures."""
    figures = Stages().feed(event.pair for event in events).figures(region, as_of)
    assert figures is not None
    return figures
