"""A replay pass per input partition: holes are found, and stage 2 waits for whole passes."""

from streams.worker.input_passes import InputPasses

FACTS = "facts"
EVENTS = "events"  # compacted in the tests that say so


def _pass(starts: dict[tuple[str, int], int], ends: dict[tuple[str, int], int]) -> InputPasses:
    passes = InputPasses()
    assert passes.begin(passes.assigning(), starts, ends)
    return passes


def test_nothing_is_read_whole_before_a_pass_begins() -> None:
    passes = InputPasses()
    assert not passes.read_whole(FACTS)
    passes.assigning()
    assert not passes.read_whole(FACTS)


def test_a_topic_is_read_whole_once_each_partition_reached_its_end_without_a_hole() -> None:
    passes = _pass(
        {(FACTS, 0): 0, (FACTS, 1): 0, (FACTS, 2): 0}, {(FACTS, 0): 3, (FACTS, 1): 1, (FACTS, 2): 0}
    )
    for offset in range(3):
        assert passes.read((FACTS, 0), offset) is None
    assert not passes.read_whole(FACTS)  # partition 1 not read yet; partition 2 is empty
    assert passes.read((FACTS, 1), 0) is None
    assert passes.read_whole(FACTS)
    assert passes.read((FACTS, 0), 3) is None  # later facts keep it whole
    assert passes.read_whole(FACTS)


def test_a_message_beyond_the_next_offset_is_a_hole_to_seek_back_to() -> None:
    passes = _pass({(FACTS, 0): 0}, {(FACTS, 0): 5})
    assert passes.read((FACTS, 0), 0) is None
    assert passes.read((FACTS, 0), 3) == 1  # 1 and 2 were lost
    assert passes.read((FACTS, 0), 4) is None  # fetched before the seek back: no new hole
    assert not passes.read_whole(FACTS)
    for offset in range(1, 5):  # after the seek back
        assert passes.read((FACTS, 0), offset) is None
    assert passes.read_whole(FACTS)


def test_a_sequence_after_the_seek_back_that_starts_too_late_is_a_hole_again() -> None:
    # faust dropped the head of what it fetched after the seek (below its last offset).
    passes = _pass({(FACTS, 0): 0}, {(FACTS, 0): 9})
    passes.read((FACTS, 0), 0)
    assert passes.read((FACTS, 0), 5) == 1
    assert passes.read((FACTS, 0), 6) is None
    assert passes.read((FACTS, 0), 6) == 1  # the offsets stopped rising: a new sequence
    for offset in range(1, 9):
        assert passes.read((FACTS, 0), offset) is None
    assert passes.read_whole(FACTS)


def test_what_faust_hands_out_from_before_the_first_seek_is_not_a_hole() -> None:
    passes = _pass({(FACTS, 0): 0}, {(FACTS, 0): 3})
    assert passes.read((FACTS, 0), 1) is None
    assert passes.read((FACTS, 0), 2) is None
    assert not passes.read_whole(FACTS)
    assert passes.read((FACTS, 0), 1) == 0  # the new sequence lacks offset 0
    for offset in range(3):
        assert passes.read((FACTS, 0), offset) is None
    assert passes.read_whole(FACTS)


def test_a_log_that_starts_later_is_read_from_its_first_offset() -> None:
    passes = _pass({(FACTS, 1): 40}, {(FACTS, 1): 42})
    assert passes.read((FACTS, 1), 40) is None
    assert passes.read((FACTS, 1), 41) is None
    assert passes.read_whole(FACTS)


def test_messages_read_again_after_a_seek_back_are_no_hole() -> None:
    passes = _pass({(FACTS, 0): 0}, {(FACTS, 0): 3})
    for offset in range(3):
        passes.read((FACTS, 0), offset)
    assert passes.read((FACTS, 0), 1) is None
    assert passes.read_whole(FACTS)


def test_topics_are_judged_apart() -> None:
    passes = _pass({(FACTS, 0): 0, (EVENTS, 0): 0}, {(FACTS, 0): 1, (EVENTS, 0): 9})
    passes.read((FACTS, 0), 0)
    assert passes.read_whole(FACTS)
    assert not passes.read_whole(EVENTS)


def test_reads_between_assignments_are_not_checked() -> None:
    passes = _pass({(FACTS, 0): 0}, {(FACTS, 0): 1})
    passes.read((FACTS, 0), 0)
    generation = passes.assigning()
    assert passes.read((FACTS, 0), 7) is None
    assert not passes.read_whole(FACTS)
    assert passes.begin(generation, {(FACTS, 0): 0}, {(FACTS, 0): 8})
    assert passes.read((FACTS, 0), 0) is None


def test_a_pass_for_an_assignment_that_was_overtaken_does_not_begin() -> None:
    passes = InputPasses()
    old = passes.assigning()
    new = passes.assigning()
    assert not passes.begin(old, {(FACTS, 0): 0}, {(FACTS, 0): 0})
    assert not passes.read_whole(FACTS)
    assert passes.begin(new, {(FACTS, 0): 0}, {(FACTS, 0): 0})
    assert passes.read_whole(FACTS)


def test_the_offset_to_read_next_is_known_only_during_a_pass() -> None:
    passes = InputPasses()
    assert passes.expected((FACTS, 0)) is None
    generation = passes.assigning()
    passes.begin(generation, {(FACTS, 0): 0}, {(FACTS, 0): 9})
    passes.read((FACTS, 0), 0)
    passes.read((FACTS, 0), 4)  # a hole: 1-3
    assert passes.expected((FACTS, 0)) == 1
    passes.assigning()
    assert passes.expected((FACTS, 0)) is None


def _compacted_pass(start: int, end: int) -> InputPasses:
    passes = InputPasses(compacted=[EVENTS])
    assert passes.begin(passes.assigning(), {(EVENTS, 0): start}, {(EVENTS, 0): end})
    return passes


def test_a_gap_on_a_compacted_topic_is_sought_back_to_once_then_accepted() -> None:
    passes = _compacted_pass(0, 6)
    assert passes.read((EVENTS, 0), 0) is None
    assert passes.read((EVENTS, 0), 3) == 1  # 1-2 erased, or lost: seek back to find out
    assert passes.read((EVENTS, 0), 4) is None  # still queued from before the seek
    assert passes.read((EVENTS, 0), 3) is None  # read from 1, the broker begins at 3 again
    for offset in (4, 5):
        assert passes.read((EVENTS, 0), offset) is None
    assert passes.read_whole(EVENTS)


def test_a_compacted_gap_does_not_hide_a_hole_that_moves() -> None:
    # A gap is accepted only when two sequences read from its start agree on where the
    # broker's messages begin again.
    passes = _compacted_pass(0, 9)
    passes.read((EVENTS, 0), 0)
    assert passes.read((EVENTS, 0), 3) == 1
    assert passes.read((EVENTS, 0), 5) is None  # queued from before the seek
    assert passes.read((EVENTS, 0), 4) == 1  # the new sequence lacks 3: lost, not erased
    assert passes.read((EVENTS, 0), 3) == 1  # now it has 3: read once more to be sure
    assert passes.read((EVENTS, 0), 3) is None  # the same again: 1-2 are compacted away
    assert passes.expected((EVENTS, 0)) == 4


def test_a_compacted_log_whose_first_messages_are_gone_is_read_from_the_first_kept() -> None:
    passes = _compacted_pass(0, 7)
    assert passes.read((EVENTS, 0), 4) == 0  # maybe fetched before the pass's seek
    assert passes.read((EVENTS, 0), 4) is None  # from offset 0 the broker begins at 4
    for offset in (5, 6):
        assert passes.read((EVENTS, 0), offset) is None
    assert passes.read_whole(EVENTS)


def test_on_a_topic_without_compaction_the_same_gap_stays_a_hole() -> None:
    passes = _pass({(FACTS, 0): 0}, {(FACTS, 0): 6})
    passes.read((FACTS, 0), 0)
    assert passes.read((FACTS, 0), 3) == 1
    assert passes.read((FACTS, 0), 3) == 1
    assert not passes.read_whole(FACTS)
