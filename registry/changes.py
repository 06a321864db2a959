"""Where the registry changes: the one function that writes entries to its topic.

An import or a deactivation is one Kafka transaction, so every follower (reading only
committed records) sees all of it or none of it, even when the writer dies halfway.
Every change of the registry passes through :func:`apply_change`: the place to record
it in the audit trail once there is one.
"""

from collections.abc import Sequence

from aiokafka.errors import KafkaError

from connectors.publisher import durable_producer
from jeugdhub.errors import JeugdhubError
from jeugdhub.kafka_access import KafkaAccess
from schemas.codec import encode
from schemas.registry import RegistryEntry
from schemas.topics import REGISTRY

# One writer at a time: a second `registry import` fences the first one's transaction.
TRANSACTIONAL_ID = "jeugdhub-registry"


class RegistryChangeFailed(JeugdhubError):
    """Kafka did not take the change: the transaction is aborted, followers saw none of it."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(
            f"Kafka did not acknowledge the registry change ({type(cause).__name__}); "
            "nothing of it was applied: run the command again once Kafka answers"
        )


async def apply_change(access: KafkaAccess, entries: Sequence[RegistryEntry]) -> None:
    """Write ``entries`` to the registry topic, all or nothing."""
    if not entries:
        return
    producer = durable_producer(access, transactional_id=TRANSACTIONAL_ID)
    try:
        await producer.start()
        async with producer.transaction():
            for entry in entries:
                await producer.send(REGISTRY, encode(entry), key=entry.key.encode())
    except (KafkaError, TimeoutError) as error:
        raise RegistryChangeFailed(error) from None
    finally:
        await producer.stop()
