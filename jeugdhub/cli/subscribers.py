"""``jeugdhub subscribers add|remove|list``: the recipients of feeds and their access."""

import argparse
import asyncio

from feeds.enrolment import enrol, withdraw
from feeds.subscribers import SubscriberStore
from jeugdhub.cli.auditing import CommandAccess, audited
from jeugdhub.cli.common import Commands, add_action
from jeugdhub.kafka_access import HubPrincipal, kafka_access
from jeugdhub.settings import get_settings
from privacy.audit.facts import Action
from registry.follower import read_registry

_PURPOSE = "giving a feed recipient access under its regime"


def _add(args: argparse.Namespace) -> int:
    settings = get_settings()
    admin = kafka_access(settings, HubPrincipal.ADMIN)
    # A provider's or GI's scope is checked against the registry.
    asyncio.run(read_registry(admin))
    detail = f"regime {args.regime}, scope {args.scope or '-'}"
    access = CommandAccess(Action.SUBSCRIBER_ADD, args.name, _PURPOSE, detail=detail)
    with audited(settings, HubPrincipal.ADMIN, access):
        enrolment = enrol(
            SubscriberStore(settings.subscriber_store_file),
            admin,
            (args.name, args.regime, args.scope),
            settings.topic_replication_factor,
        )
    subscriber = enrolment.subscriber
    # Shown this once: the password and the token are kept nowhere (the token as a hash).
    print(f"kafka username:     {subscriber.principal}")
    print(f"kafka password:     {enrolment.kafka_password}")
    print("kafka mechanism:    SCRAM-SHA-512 (SASL_PLAINTEXT on the local broker)")
    print(f"feed topic:         {subscriber.feed_topic}")
    print(f"consumer groups:    names starting with {subscriber.principal}")
    print(f"feed API token:     {enrolment.api_token}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    settings = get_settings()
    with audited(
        settings, HubPrincipal.ADMIN, CommandAccess(Action.SUBSCRIBER_REMOVE, args.name, _PURPOSE)
    ):
        removed = withdraw(
            SubscriberStore(settings.subscriber_store_file),
            kafka_access(settings, HubPrincipal.ADMIN),
            args.name,
        )
    print(f"{removed.name}: access removed; topic {removed.feed_topic} kept")
    return 0


def _list(_: argparse.Namespace) -> int:
    for subscriber in SubscriberStore(get_settings().subscriber_store_file).active():
        scope = subscriber.scope or "-"
        print(
            f"{subscriber.name} {subscriber.regime} {scope} {subscriber.feed_topic} "
            f"since {subscriber.created_at}"
        )
    return 0


def register(commands: Commands) -> None:
    subscribers = commands.add_parser(
        "subscribers", help="recipients of feeds: their regime, Kafka user and API token"
    )
    actions = subscribers.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = add_action(
        actions,
        "add",
        _add,
        "add a recipient: its Kafka user feed-NAME, its feed topic, read access to that "
        "topic alone, and a feed API token (credentials are printed once)",
    )
    add.add_argument("name", metavar="NAME", help="a-z, 0-9 and '-', 2 to 63 characters")
    add.add_argument(
        "--regime",
        required=True,
        help="a policy file's name in privacy/regimes (region, municipality, provider, ...)",
    )
    add.add_argument(
        "--scope",
        help="region code, CBS municipality code (4 digits), provider AGB code or GI code; "
        "none for supra-regional and public",
    )
    remove = add_action(
        actions,
        "remove",
        _remove,
        "remove a recipient's Kafka user, ACLs and token; its feed topic is kept",
    )
    remove.add_argument("name", metavar="NAME")
    add_action(actions, "list", _list, "list the active recipients (never secrets)")
