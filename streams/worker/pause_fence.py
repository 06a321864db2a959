"""A worker whose process stood still long enough to lose its partitions stops before
it writes anything it computed before.

The group gives a member's partitions to another once it has heard no heartbeat for the
session timeout. A process that was frozen that long (SIGSTOP, a paused VM or container,
a host swapping) goes on, when it wakes, with states and a view older than what the new
owner has written since. What it would send then lands after the new owner's writes:
whole values on the trajectory-facts topic older than the new owner's (their versions
make stage 2 leave them out), and figures older than those already published. Kafka
cannot refuse those figures without a transactional producer (``streams/DEFINITIONS.md``,
"Restarts", says why that is not built).

So the worker notices the freeze itself. A thread of its own notes the time every
:data:`TICK_S`; a gap longer than the fence's ``frozen_s`` between two notes, or since
the last note when a stage is about to write, means the whole process stood still
(threads keep running while the event loop is merely busy, so a long batch is no
freeze). Once seen, every later :meth:`PauseFence.check` raises :class:`WorkerWasFrozen`
and the worker stops (``streams.worker.stage_failure``). Restarted, it joins its group anew and
reads its inputs again as after any stop (each partition from its store's mark), so
nothing is lost.

``frozen_s`` is half the session timeout: a member is given up only after a whole session
without heartbeats, so every freeze that can cost it its partitions is seen, with room for
a heartbeat interval; and a thread that the interpreter leaves waiting for seconds on a
busy host is not taken for a frozen process.

Not covered here: a write already handed to the producer when the freeze began, which
may land late (facts carry versions for that, DEFINITIONS.md "Exactness", 2), and a
worker that runs on but cannot reach the group coordinator while it can still reach the
partitions' leaders (a network partition), which needs the transactional fencing.
"""

import threading
import time
from collections.abc import Callable

from jeugdhub.errors import JeugdhubError

TICK_S = 0.5


class WorkerWasFrozen(JeugdhubError):
    """The worker's process stood still longer than its fence allows."""

    def __init__(self, frozen_s: float, before: str) -> None:
        super().__init__(
            f"the worker's process stood still for {frozen_s:.1f} s (paused, or its host "
            f"was), long enough for its group to give its partitions to another worker. It "
            f"stops before {before}, so nothing it computed before the pause is written "
            "late over newer values; restarted, it reads its inputs again from before "
            "anything it had not finished."
        )


class PauseFence:
    def __init__(
        self, frozen_s: float, clock: Callable[[], float] = time.monotonic, tick_s: float = TICK_S
    ) -> None:
        self._frozen_s = frozen_s
        self._clock = clock
        self._tick_s = tick_s
        self._lock = threading.Lock()
        self._last = clock()
        self._longest_freeze: float | None = None  # set once a freeze was seen, for good

    def start(self) -> None:
        """Note the time every ``tick_s`` in a thread of its own (a daemon): an idle
        worker checks seldom, and its gaps are no freeze."""
        threading.Thread(target=self._tick, name="pause-fence", daemon=True).start()

    def _tick(self) -> None:
        while True:
            self.note()
            time.sleep(self._tick_s)

    def note(self) -> None:
        """Note the time now; a gap since the last note longer than ``frozen_s`` is a freeze."""
        with self._lock:
            now = self._clock()
            gap = now - self._last
            self._last = now
            if gap > self._frozen_s:
                self._longest_freeze = max(gap, self._longest_freeze or 0.0)

    def check(self, before: str) -> None:
        """Raise :class:`WorkerWasFrozen` if the process stood still since the fence
        began (the check notes the time itself: after a wake-up it may run before the
        thread does)."""
        self.note()
        if self._longest_freeze is not None:
            raise WorkerWasFrozen(self._longest_freeze, before)
