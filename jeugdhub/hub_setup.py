"""Preparing a cluster for the hub: its topics, and its principals with their ACLs.

Run as the admin principal by ``jeugdhub kafka start`` once the local broker answers, and
by ``jeugdhub kafka setup`` for an external cluster; idempotent, so every start does it
again. Each hub principal gets a SCRAM-SHA-512 password (made once and kept in the
credential folder) and exactly the ACLs of ``jeugdhub.acls``.
"""

import asyncio

from jeugdhub.acls import hub_grants
from jeugdhub.broker_admin import BrokerAdmin
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import ensure_topics
from jeugdhub.localkafka import LocalBroker
from jeugdhub.localkafka.principals import PrincipalFiles
from jeugdhub.settings import Settings
from schemas.topics import core_topics


def set_up_hub(
    settings: Settings,
    admin: KafkaAccess,
    credentials: PrincipalFiles,
    replication_factor: int | None = None,
) -> None:
    """``replication_factor``: of the hub's topics; the settings' when None."""
    replicas = replication_factor or settings.topic_replication_factor
    asyncio.run(ensure_topics(admin, core_topics(settings.retention_days), replicas))
    broker = BrokerAdmin(admin)
    principals = hub_grants(settings.worker_app_id)
    for principal, grants in principals.items():
        broker.set_password(principal.value, credentials.password(principal))
        broker.set_grants(principal.value, grants)
    for principal in principals:
        broker.wait_until_user_logs_in(credentials.access(admin.bootstrap_servers, principal))


def start_local_hub(settings: Settings, brokers: int | None = None) -> tuple[str, bool]:
    """Start the local broker (or cluster of ``brokers``) unless it runs, and set it up;
    (address, started now). A cluster's topics get three replicas (or one per broker)."""
    broker = LocalBroker(settings, brokers=brokers)
    address, started = broker.start()
    replicas = max(settings.topic_replication_factor, min(len(broker.nodes), 3))
    set_up_hub(settings, broker.admin_access(address), broker.principals, replicas)
    return address, started
