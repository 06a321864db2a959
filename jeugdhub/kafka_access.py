"""How a hub process reaches Kafka: the address and the credentials of its principal.

STAND-IN for the feed API's branch until egress-broker-acl lands; it has the same
interface (``KafkaAccess``, ``HubPrincipal``, ``kafka_access``) and connects PLAINTEXT.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from jeugdhub.kafka_cluster import bootstrap_servers
from jeugdhub.settings import Settings


class HubPrincipal(StrEnum):
    FEEDAPI = "jeugdhub-feedapi"  # the HTTP feed API, reads the feed topics


@dataclass(frozen=True)
class KafkaAccess:
    bootstrap_servers: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    def aiokafka_options(self) -> dict[str, Any]:
        return {"bootstrap_servers": self.bootstrap_servers}


def kafka_access(settings: Settings, principal: HubPrincipal) -> KafkaAccess:
    del principal  # one PLAINTEXT identity until the broker has SASL
    return KafkaAccess(bootstrap_servers(settings))
