"""The simulation's agenda: actions at moments, run in time order (ties in scheduling order)."""

import heapq
from collections.abc import Callable

Action = Callable[[float], None]  # called with the moment it was scheduled for


class Scheduler:
    def __init__(self) -> None:
        self._agenda: list[tuple[float, int, Action]] = []
        self._scheduled = 0

    def at(self, moment: float, action: Action) -> None:
        self._scheduled += 1
        heapq.heappush(self._agenda, (moment, self._scheduled, action))

    def next_moment(self) -> float | None:
        return self._agenda[0][0] if self._agenda else None

    def run_next(self) -> None:
        moment, _, action = heapq.heappop(self._agenda)
        action(moment)
