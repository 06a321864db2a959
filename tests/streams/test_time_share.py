"""The figures' publisher keeps to a share of the worker's time (streams.publication.publisher)."""

import pytest

from streams.publication.publisher import TimeShare
from tests.streams.clock import ManualClock


def test_a_round_is_followed_by_a_rest_that_keeps_it_to_its_share() -> None:
    clock = ManualClock()
    share = TimeShare(0.2, clock)
    assert share.may_start()
    started = share.now()
    clock.now += 1.0  # a round of one second
    share.took(started)
    clock.now += 3.99
    assert not share.may_start()  # 1 s of work may be followed by 4 s of rest at 20 %
    clock.now += 0.01
    assert share.may_start()


def test_short_rounds_hardly_wait() -> None:
    clock = ManualClock()
    share = TimeShare(0.2, clock)
    started = share.now()
    clock.now += 0.005
    share.took(started)
    clock.now += 0.02
    assert share.may_start()


@pytest.mark.parametrize("share", [0.0, -0.1, 1.5])
def test_a_share_outside_0_to_1_is_refused(share: float) -> None:
    with pytest.raises(ValueError, match="share of the time"):
        TimeShare(share)
