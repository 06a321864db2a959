"""Stage 2 publishes only after reading its facts partitions to their ends as assigned."""

from streams.catch_up import CatchUp


def test_nothing_is_published_before_the_first_assignment() -> None:
    assert not CatchUp().done


def test_done_once_every_assigned_partition_is_read_to_its_end() -> None:
    caught = CatchUp()
    caught.assigned({0: 3, 2: 1, 4: 0})  # partition 4 is empty
    caught.read(0, 2)
    assert not caught.done  # partition 2 not read yet
    caught.read(2, 0)
    assert caught.done
    caught.read(0, 7)  # later facts keep it open
    assert caught.done


def test_a_new_assignment_closes_it_until_the_replay_is_read_again() -> None:
    caught = CatchUp()
    caught.assigned({1: 2})
    caught.read(1, 1)
    assert caught.done
    caught.assigning()
    assert not caught.done
    caught.assigned({1: 5})
    caught.read(1, 3)
    assert not caught.done
    caught.read(1, 4)
    assert caught.done
