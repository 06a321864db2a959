"""Every reach into faust's private parts, in one place, checked when the worker starts.

The worker depends on three things faust-streaming does not promise to keep:
``Consumer._read_offset`` and the way the fetcher reads it (``streams.worker.replay``
replaces it), ``Transport._get_controller_node`` (``streams.worker.controller_lookup``)
and the driver's ``_AIOKAFKA_HAS_API_VERSION``. pyproject.toml pins faust-streaming to the minor
version they were tested with; :func:`verify_faust_internals` runs before the app is
built, so that after an upgrade the worker stops at once, naming what is gone, instead of
replaying wrongly or stopping later on a cluster.

Nothing here is looked up at import: a missing attribute must reach the check, not fail
the import with a bare ``AttributeError``.
"""

import inspect
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from faust.transport import consumer as faust_consumer
from faust.transport.drivers import aiokafka as faust_aiokafka

from jeugdhub.errors import JeugdhubError

TESTED_WITH = "0.15"  # the minor version of faust-streaming pinned in pyproject.toml


class FaustInternalsError(JeugdhubError):
    """The installed faust-streaming lacks a private part the worker relies on."""

    exit_code = 2

    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            f"faust-streaming {version('faust-streaming')} lacks what the stream worker "
            f"relies on: {'; '.join(missing)}. The worker is tested with faust-streaming "
            f"{TESTED_WITH}.x (pyproject.toml): install that version, or adapt "
            "streams/worker/faust_internals.py to the new one."
        )


@dataclass(frozen=True)
class _Reach:
    name: str  # as faust spells it
    used_by: str  # what of the worker needs it
    present: Callable[[], bool]


def _fetcher_binds_the_read_mark() -> bool:
    # The replacement mark answers through __getitem__, which faust binds once per fetcher.
    source = inspect.getsource(faust_consumer.Consumer._drain_messages)
    return "self._read_offset.__getitem__" in source


def _has_controller_lookup() -> bool:
    return inspect.iscoroutinefunction(faust_aiokafka.Transport._get_controller_node)


def _has_api_version_flag() -> bool:
    return isinstance(faust_aiokafka._AIOKAFKA_HAS_API_VERSION, bool)


_REACHES = (
    _Reach(
        "Consumer._read_offset (read in Consumer._drain_messages through __getitem__)",
        "the replay of the inputs after a seek back (streams/worker/replay.py)",
        _fetcher_binds_the_read_mark,
    ),
    _Reach(
        "Transport._get_controller_node (a coroutine)",
        "topic creation on a cluster of several brokers (streams/worker/controller_lookup.py)",
        _has_controller_lookup,
    ),
    _Reach(
        "faust.transport.drivers.aiokafka._AIOKAFKA_HAS_API_VERSION",
        "the metadata request of the controller lookup (streams/worker/controller_lookup.py)",
        _has_api_version_flag,
    ),
)


def verify_faust_internals() -> None:
    """Raise :class:`FaustInternalsError` naming every private part that is missing."""
    missing = []
    for reach in _REACHES:
        try:
            present = reach.present()
        except (AttributeError, OSError, TypeError):  # OSError: faust's source not readable
            present = False
        if not present:
            missing.append(f"{reach.name}, for {reach.used_by}")
    if missing:
        raise FaustInternalsError(missing)


def replace_read_mark(consumer: Any, mark: MutableMapping[Any, int | None]) -> None:
    """Give faust's consumer ``mark`` as its per-partition "last offset handed out"."""
    consumer._read_offset = mark


def replace_controller_lookup(lookup: Callable[..., Any]) -> None:
    # setattr: mypy would refuse assigning to a method, which is what this does on purpose.
    setattr(faust_aiokafka.Transport, "_get_controller_node", lookup)  # noqa: B010


def aiokafka_has_api_version() -> bool:
    """Whether faust's driver sends the versioned MetadataRequest (aiokafka < 0.13)."""
    return bool(faust_aiokafka._AIOKAFKA_HAS_API_VERSION)
