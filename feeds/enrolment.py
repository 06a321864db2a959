"""Enrolling a feed recipient on the broker, and withdrawing it.

``enrol`` makes the subscriber's Kafka user ``feed-<name>`` with a random SCRAM password,
its feed topic, and its ACLs (``jeugdhub.acls.subscriber_grants``: read its own topic, in
its own consumer groups), then records it with a feed API token. ``withdraw`` deletes the
ACLs and the SCRAM credential, so the broker refuses the user from then on; the topic and
its history stay (what was delivered is kept as delivered). Both run as the admin.
"""

import asyncio
import secrets
from dataclasses import dataclass, field

from feeds.subscribers import Subscriber, SubscriberStore, check_subscription, principal_of
from jeugdhub.acls import subscriber_grants
from jeugdhub.broker_admin import BrokerAdmin
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import ensure_topics
from schemas.topics import feed_topic_spec


@dataclass(frozen=True)
class Enrolment:
    subscriber: Subscriber
    kafka_password: str = field(repr=False)  # shown once, kept nowhere
    api_token: str = field(repr=False)  # shown once; only its hash is kept


def enrol(
    store: SubscriberStore,
    admin: KafkaAccess,
    subscription: tuple[str, str, str | None],
    replication_factor: int = 1,
) -> Enrolment:
    """``subscription`` is (name, regime, scope); checked before the broker is touched."""
    name, regime, scope = subscription
    check_subscription(name, regime, scope)
    store.check_free(name)
    principal = principal_of(name)
    password = secrets.token_urlsafe(32)
    broker = BrokerAdmin(admin)
    asyncio.run(ensure_topics(admin, [feed_topic_spec(name)], replication_factor))
    broker.set_password(principal, password)
    broker.set_grants(principal, subscriber_grants(name, principal))
    broker.wait_until_user_logs_in(KafkaAccess(admin.bootstrap_servers, principal, password))
    subscriber, token = store.add(name, regime, scope)
    return Enrolment(subscriber, password, token)


def withdraw(store: SubscriberStore, admin: KafkaAccess, name: str) -> Subscriber:
    subscriber = store.get(name)
    broker = BrokerAdmin(admin)
    broker.revoke_all(subscriber.principal)
    broker.delete_user(subscriber.principal)
    return store.remove(name)
