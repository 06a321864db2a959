"""`jeugdhub simulate` through the real pipeline and broker: valid, complete, idempotent."""

import asyncio

from jeugdhub.kafka_access import KafkaAccess
from schemas.topics import EVENT_TOPICS
from tests.commands import run_jeugdhub
from tests.kafka_reading import event_id_counts


def test_simulated_month_is_accepted_whole_and_a_rerun_adds_nothing(
    operator: dict[str, str], kafka_admin: KafkaAccess
) -> None:
    args = ("simulate", "--seed", "11", "--days", "30", "--duplicates", "0.01")
    before = asyncio.run(event_id_counts(kafka_admin, list(EVENT_TOPICS)))

    first = run_jeugdhub(operator, *args)
    after_first = asyncio.run(event_id_counts(kafka_admin, list(EVENT_TOPICS)))
    second = run_jeugdhub(operator, *args)
    after_second = asyncio.run(event_id_counts(kafka_admin, list(EVENT_TOPICS)))

    assert first.returncode == 0, first.stderr[-3000:]
    new = after_first - before
    assert len(new) > 1000
    assert set(new.values()) == {1}  # resubmissions inside the run were recognised
    assert second.returncode == 0, second.stderr[-3000:]
    assert after_second == after_first
