"""How long a driver waits in real time between two simulated reports."""

from datetime import datetime


def wall_delay(prev: datetime, nxt: datetime, acceleration: float) -> float:
    """Real seconds to wait between records reported at ``prev`` and ``nxt``.

    ``acceleration`` is simulated seconds per real second: 1 replays in real time, 3600
    plays a simulated hour per second, 86400 a day per second, ``math.inf`` as fast as the
    consumer takes them (always 0). Never negative, so a driver can sleep on it directly.
    """
    if not acceleration > 0:
        raise ValueError("acceleration must be positive (simulated seconds per real second)")
    # Timestamps, not ``nxt - prev``: two times in one zone subtract as wall-clock times,
    # wrong by an hour across a DST change.
    return max(0.0, (nxt.timestamp() - prev.timestamp()) / acceleration)
