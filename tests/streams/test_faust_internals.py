"""The worker's check of faust's private parts (``streams.worker.faust_internals``): it passes on
the pinned faust and names each part, and the faust version, when an upgrade removed it."""

from importlib.metadata import version

import pytest
from faust.transport import consumer as faust_consumer
from faust.transport.drivers import aiokafka as faust_aiokafka

from streams.worker import faust_internals
from streams.worker.faust_internals import FaustInternalsError, verify_faust_internals


def _missing_after_check() -> str:
    with pytest.raises(FaustInternalsError) as error:
        verify_faust_internals()
    message = str(error.value)
    assert f"faust-streaming {version('faust-streaming')} lacks" in message
    assert f"tested with faust-streaming {faust_internals.TESTED_WITH}.x" in message
    return message


def test_the_pinned_faust_has_every_part_the_worker_reaches_into() -> None:
    assert version("faust-streaming").startswith(f"{faust_internals.TESTED_WITH}.")
    verify_faust_internals()


def test_a_fetcher_that_no_longer_reads_the_mark_through_getitem_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def drain_without_the_mark(self: object, fetcher: object) -> None:
        """A faust that keeps its read mark elsewhere."""

    monkeypatch.setattr(faust_consumer.Consumer, "_drain_messages", drain_without_the_mark)

    assert "Consumer._read_offset" in _missing_after_check()


def test_removed_methods_and_flags_are_all_named_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(faust_aiokafka.Transport, "_get_controller_node")
    monkeypatch.delattr(faust_aiokafka, "_AIOKAFKA_HAS_API_VERSION")

    message = _missing_after_check()

    assert "Transport._get_controller_node" in message
    assert "_AIOKAFKA_HAS_API_VERSION" in message
    assert "streams/worker/controller_lookup.py" in message  # which part of the worker needs it
    assert "Consumer._read_offset" not in message  # only what is really gone
