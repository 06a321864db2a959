"""A worker that has input to read but reads nothing stops, so that it is restarted.

Seen on a loaded machine: a worker joined its group, recovered its tables, said it was
ready, and then took no message for minutes while its partitions had messages to read
(the cause, somewhere between faust's fetcher and the broker, was not found). Such a
worker looks alive: its process runs, its timers fire, its metrics answer; only its
figures stand still. The lag timer (``streams.worker.lag``) therefore watches the pass's
progress: when a partition has messages beyond what the pass has read and no input
partition has moved for :data:`WARN_AFTER_S`, it logs what it sees; after
:data:`STOP_AFTER_S` it raises :class:`WorkerStalled` and the worker stops
(``streams.worker.stage_failure``). Restarted by its service manager, it reads its inputs from
the start like any restarted worker, so nothing is lost.

A batch is stepped well within the session timeout (at most 90 s, ``jeugdhub.settings``),
and the watch rests while partitions move or tables recover, so a worker that is merely
busy is never taken for a stalled one.
"""

import logging
from collections.abc import Mapping

from jeugdhub.errors import JeugdhubError
from streams.worker.input_passes import Partition

logger = logging.getLogger(__name__)

WARN_AFTER_S = 30.0
STOP_AFTER_S = 120.0


class WorkerStalled(JeugdhubError):
    """The worker had input to read and read none of it for too long."""

    def __init__(self, seconds: float, lag: Mapping[Partition, int]) -> None:
        super().__init__(
            f"the worker read no input for {seconds:.0f} s while {_lagging(lag)} had "
            "messages to read; it stops so that its service manager restarts it (it then "
            "reads its inputs again from where its stores stopped, nothing is lost). If "
            "this repeats, look at the broker's health and at the worker's log above this "
            "line."
        )


class StallWatch:
    def __init__(
        self, warn_after_s: float = WARN_AFTER_S, stop_after_s: float = STOP_AFTER_S
    ) -> None:
        self._warn_after_s = warn_after_s
        self._stop_after_s = stop_after_s
        self._progress: dict[Partition, int] = {}
        self._since: float | None = None  # when the pass last moved, while input waits
        self._warned = False

    def rest(self) -> None:
        """Partitions are moving or tables recovering: a wait now is no stall."""
        self._since = None
        self._warned = False

    def observe(
        self, now: float, needed: Mapping[Partition, int], lag: Mapping[Partition, int]
    ) -> None:
        """One lag measurement: per assigned input partition, the next offset the pass
        needs and the messages beyond it. Raises :class:`WorkerStalled` when nothing moved
        for too long while some partition had messages waiting."""
        moved = dict(needed) != self._progress
        self._progress = dict(needed)
        if not any(lag.values()):
            self.rest()  # nothing to read: waiting is all there is to do
            return
        if moved or self._since is None:
            self._since, self._warned = now, False  # the wait begins now
            return
        waited = now - self._since
        if waited >= self._stop_after_s:
            raise WorkerStalled(waited, lag)
        if waited >= self._warn_after_s and not self._warned:
            self._warned = True
            logger.warning(
                "the worker has read no input for %.0f s while %s had messages to read; "
                "it stops after %.0f s without progress",
                waited,
                _lagging(lag),
                self._stop_after_s,
            )


def _lagging(lag: Mapping[Partition, int]) -> str:
    waiting = sorted((where, count) for where, count in lag.items() if count)
    shown = ", ".join(f"{topic} partition {p} ({count})" for (topic, p), count in waiting[:6])
    more = f" and {len(waiting) - 6} more" if len(waiting) > 6 else ""
    return f"{shown}{more}"
