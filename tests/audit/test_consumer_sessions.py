"""How broker decisions become audit facts (pure): one session per reading client, one
refusal per burst of identical denials."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from feeds.consumer_audit import ConsumerSessions
from feeds.subscribers import SubscriberStore
from privacy.audit.broker_log import parse_line

T0 = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
FETCH = (
    "{at} Principal = User:feed-{name} is Allowed operation = READ from host = 10.0.0.7 on "
    "resource = Topic:LITERAL:jeugdhub.feed.{name}.v1 for request = Fetch with "
    "resourceRefCount = 1 based on rule MatchingAcl(...)"
)
DENIED = (
    "{at} Principal = User:feed-{name} is Denied operation = DESCRIBE from host = 10.0.0.7 on "
    "resource = Topic:LITERAL:jeugdhub.care-events.v2 for request = Metadata with "
    "resourceRefCount = 1 based on rule DefaultDeny"
)


def _at(seconds: float) -> str:
    return (
        (T0 + timedelta(seconds=seconds)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )


def _sessions(tmp_path: Path) -> tuple[ConsumerSessions, str]:
    store = SubscriberStore(tmp_path / "subscribers.json")
    store.add("eemland-x", "region", "eemland")
    return ConsumerSessions(store, {"region": "planning"}, "jeugdhub", idle_s=30), "eemland-x"


def test_many_fetches_are_one_session_that_ends_when_idle(tmp_path: Path) -> None:
    sessions, name = _sessions(tmp_path)
    facts = []
    for second in range(0, 20, 2):
        decision = parse_line(FETCH.format(at=_at(second), name=name))
        assert decision is not None
        facts += sessions.decided(decision)

    assert [(f.action.value, f.detail) for f in facts] == [("feed.kafka-consumer", "started")]
    assert (facts[0].user, facts[0].host, facts[0].organisation) == (
        f"kafka:feed-{name}",
        "10.0.0.7",
        "eemland",
    )
    assert sessions.idle(T0 + timedelta(seconds=40)) == []  # 22 s after the last fetch
    (ended,) = sessions.idle(T0 + timedelta(seconds=48))
    assert ended.detail is not None and ended.detail.startswith("stopped")


def test_a_burst_of_denials_is_one_refusal_and_a_later_one_another(tmp_path: Path) -> None:
    sessions, name = _sessions(tmp_path)
    refusals = []
    for second in (0, 1, 2, 45):
        decision = parse_line(DENIED.format(at=_at(second), name=name))
        assert decision is not None
        refusals += sessions.decided(decision)

    assert len(refusals) == 2
    assert refusals[0].target == "jeugdhub.care-events.v2"
    assert (refusals[0].outcome.value, refusals[0].channel) == ("refused", "kafka")


def test_lines_that_are_no_decision_are_skipped() -> None:
    assert parse_line("2026-12-02T01:00:00.000Z something else entirely") is None
