"""faust drops messages below its last handed-out offset after a seek; not on our inputs."""

from faust.types import TP

from streams.worker.replay import _NoReadMark


def test_the_mark_reads_empty_for_input_topics_and_as_kept_for_others() -> None:
    mark = _NoReadMark(["events"])
    mark[TP("events", 0)] = 41
    mark[TP("youths-changelog", 0)] = 7
    assert mark[TP("events", 0)] is None
    assert mark[TP("youths-changelog", 0)] == 7
    assert mark[TP("youths-changelog", 1)] is None  # faust's defaultdict gave None too
    assert mark.pop(TP("events", 0), None) == 41  # faust's own bookkeeping still works
