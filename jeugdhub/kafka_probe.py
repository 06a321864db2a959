"""Is Kafka there? One metadata round trip as a given principal, and how many brokers answer.

Used by ``kafka start`` (is the broker up yet), by the broker admin (can a new user log
in yet) and by every process's metrics (``jeugdhub.observability.kafka_health``).
Callable from synchronous code and from inside a running event loop alike: the probe runs
in a loop of its own, on a separate thread when the caller already has one.
"""

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from aiokafka.admin import AIOKafkaAdminClient

from jeugdhub.kafka_access import KafkaAccess


async def _describe_cluster(access: KafkaAccess, timeout_s: float) -> int:
    admin = AIOKafkaAdminClient(
        **access.aiokafka_options(), request_timeout_ms=int(timeout_s * 1000)
    )
    try:
        await asyncio.wait_for(admin.start(), timeout_s)
        described = await asyncio.wait_for(admin.describe_cluster(), timeout_s)
    finally:
        with contextlib.suppress(Exception):
            await admin.close()
    return len(described["brokers"])


@contextlib.contextmanager
def _quiet_client_logs() -> Iterator[None]:
    """A probe that fails is an expected answer, not something to log."""
    client_logger = logging.getLogger("aiokafka")
    previous = client_logger.level
    client_logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        client_logger.setLevel(previous)


def brokers_answering(access: KafkaAccess, timeout_s: float = 2.0) -> int | None:
    """How many brokers the cluster's metadata lists (the live ones), as ``access`` sees
    it; None when it cannot log in or get an answer."""

    def probe() -> int | None:
        try:
            with _quiet_client_logs():
                return asyncio.run(_describe_cluster(access, timeout_s))
        except Exception:
            return None

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return probe()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(probe).result()


def answers_metadata(access: KafkaAccess, timeout_s: float = 2.0) -> bool:
    """True when the broker lets ``access`` log in and completes a metadata round trip."""
    return brokers_answering(access, timeout_s) is not None
