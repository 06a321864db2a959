"""``jeugdhub demo``: the whole hub on one machine, driven by the simulator.

Starts (or reuses) the local broker and sets it up (topics, principals), registers the
demo's organisations as an operator would (``jeugdhub registry import registry/demo``),
makes each of the six regions a subscriber under the region regime, starts a worker, the
gateway, the egress and the feed API (with the regions' dashboard) as child processes
(each logs in to Kafka as its own principal), prints the dashboard's address and one
region's token, sends a simulated Utrecht-Flevoland year through the edge at accelerated
time, and shows the per-region overview as each region's own feed shows it, read with
that region's credentials. Every child process is stopped on the way out, also after Ctrl-C.
"""

import asyncio
import base64
import contextlib
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from aiokafka import AIOKafkaConsumer
from pydantic import SecretStr
from tqdm import tqdm

from connectors.gateway.tokens import TokenStore
from connectors.runtime import ingest_stack
from connectors.simulate import drive
from connectors.simulator import Simulation
from feeds.enrolment import enrol, withdraw
from feeds.overview import FeedOverview
from feeds.subscribers import SubscriberStore, principal_of
from jeugdhub.broker_admin import BrokerAdmin
from jeugdhub.hub_setup import start_local_hub
from jeugdhub.kafka_access import HubPrincipal, KafkaAccess, kafka_access
from jeugdhub.kafka_cluster import partitions_of
from jeugdhub.localkafka import LocalBroker
from jeugdhub.localkafka.broker import free_port
from jeugdhub.settings import Settings
from privacy.keys import KEK_FILE_VARIABLE, KEK_VARIABLE, KeyStore
from registry.operations import DEMO_DIR, import_directory
from schemas.codec import decode_any
from schemas.feeds import FeedRelease
from schemas.records import Source
from schemas.reference import reference_data
from schemas.topics import feed_topic
from schemas.vocabulary import OrganisationType

COOPERATION = "utrecht-flevoland"
DASHBOARD_REGION = "utrecht-stad"  # whose dashboard sign-in the demo prints
REFRESH_S = 2.0
# After the last simulated record: how long the figures may stay unchanged before the
# demo takes them as final.
SETTLE_S = 8.0
# The first releases need the worker's start-up and a closed day: how long to wait for
# every region's feed before showing what there is.
FIRST_RELEASE_S = 180.0
WORKER_JOIN_S = 120.0
CLEAR_SCREEN = "\x1b[H\x1b[J"


@dataclass(frozen=True)
class DemoOptions:
    seed: int
    days: int
    scale: float
    acceleration: float


def demo_settings(
    settings: Settings, bootstrap: str, credentials_dir: Path | None
) -> tuple[Settings, dict[str, str]]:
    """The demo's own state folder and key store (its KEK in a 0600 file next to it).

    Its processes reach Kafka at ``bootstrap`` with the principals' credentials in
    ``credentials_dir`` (None: as the settings say, for an external cluster). The
    environment returned holds no key-encryption key: only the gateway, which
    pseudonymises, gets it (``with_kek``); the worker, egress and feed API need no key.
    """
    state = settings.state_dir / "demo"
    kek_file = state / "demo-kek"
    if not kek_file.exists():
        state.mkdir(parents=True, exist_ok=True)
        kek_file.write_text(secrets.token_bytes(32).hex())
        kek_file.chmod(0o600)
    kek = bytes.fromhex(kek_file.read_text())
    encoded_kek = base64.b64encode(kek).decode()
    env = {"JEUGDHUB_STATE_DIR": str(state), "JEUGDHUB_BOOTSTRAP_SERVERS": bootstrap}
    credentials: dict[str, object] = {}
    if credentials_dir is not None:
        env["JEUGDHUB_KAFKA_CREDENTIALS_DIR"] = str(credentials_dir)
        credentials = {"kafka_credentials_dir": credentials_dir}
    keystore = state / "keys" / "keystore.json"
    if not keystore.exists():
        KeyStore.create(keystore, kek)
    demo = settings.model_copy(
        update={
            "state_dir": state,
            "bootstrap_servers": bootstrap,
            "keystore_path": None,
            "key_encryption_key": SecretStr(encoded_kek),
            "key_encryption_key_file": None,
            **credentials,
        }
    )
    return demo, env


def with_kek(env: dict[str, str], settings: Settings) -> dict[str, str]:
    """The environment of a process that pseudonymises: ``env`` and the demo's KEK."""
    assert settings.key_encryption_key is not None
    return {**env, KEK_VARIABLE: settings.key_encryption_key.get_secret_value()}


def _without_kek(environment: Mapping[str, str]) -> dict[str, str]:
    return {
        name: value
        for name, value in environment.items()
        if name not in (KEK_VARIABLE, KEK_FILE_VARIABLE)
    }


@contextmanager
def child(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with children([(args, env, log)]) as started:
        yield started[0]


ChildSpec = tuple[list[str], dict[str, str], Path]  # arguments of `jeugdhub`, environment, log


@contextmanager
def children(specs: list[ChildSpec]) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Start a `jeugdhub` process per spec; on leaving, stop them all together.

    All are asked to stop before any is waited for: stopped one after the other, four
    children that each take their 30 s of grace would keep a Ctrl-C waiting two minutes.
    """
    started: list[subprocess.Popen[bytes]] = []
    try:
        for args, env, log in specs:
            with log.open("ab") as out:
                started.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "jeugdhub", *args],
                        # The caller's own KEK settings stay behind: only ``env`` may pass one.
                        env={**_without_kek(os.environ), **env},
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,  # Ctrl-C reaches the demo, which stops them
                    )
                )
        yield started
    finally:
        _stop_all(started)


def _stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    deadline = time.monotonic() + 30
    for process in processes:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class FeedView:
    """Each region's feed, read as that region's own subscriber, shown as the overview."""

    def __init__(self, readers: dict[str, KafkaAccess], live: bool) -> None:
        self.readers = readers  # region -> its subscriber's access to its feed
        self.overview = FeedOverview(list(readers))
        self.live = live
        self.changed_at = time.monotonic()

    async def follow(self, region: str, topic: str) -> None:
        access = self.readers[region]
        consumer = AIOKafkaConsumer(**access.aiokafka_options(), enable_auto_commit=False)
        await consumer.start()
        try:
            partitions = await partitions_of(access, [topic])
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            while True:
                batches = await consumer.getmany(timeout_ms=int(REFRESH_S * 1000))
                for batch in batches.values():
                    for record in batch:
                        release = decode_any(record.value)
                        if isinstance(release, FeedRelease):
                            self.overview.take(region, release)
                            self.changed_at = time.monotonic()
                if self.live:
                    sys.stdout.write(CLEAR_SCREEN + self.table() + "\n\n")
                    sys.stdout.flush()
        finally:
            await consumer.stop()

    def table(self) -> str:
        return self.overview.render()


async def _simulate_and_show(settings: Settings, options: DemoOptions, view: FeedView) -> None:
    simulation = Simulation(
        seed=options.seed, start=date(2026, 1, 1), days=options.days, scale=options.scale
    )
    followers = [
        asyncio.create_task(view.follow(region, feed_topic(_subscriber_name(region))))
        for region in view.readers
    ]
    try:
        with tqdm(unit="rec", desc="simulated records", disable=None, file=sys.stderr) as bar:
            async with ingest_stack(settings) as stack:
                await drive(stack.ingestor, simulation.records(), options.acceleration, bar.update)
        simulated = time.monotonic()
        while time.monotonic() - view.changed_at < SETTLE_S or (
            not view.overview.complete() and time.monotonic() - simulated < FIRST_RELEASE_S
        ):
            await asyncio.sleep(1)
    finally:
        # All cancelled before any is awaited, so their consumers stop side by side.
        for follower in followers:
            follower.cancel()
        for follower in followers:
            with contextlib.suppress(asyncio.CancelledError):
                await follower


def _subscriber_name(region: str) -> str:
    return f"region-{region}"


def _wait_for_worker(settings: Settings) -> None:
    """The worker first joins its group: events sent before it reads would reach it all
    at once, and a region published once has no day the egress can close."""
    admin = BrokerAdmin(kafka_access(settings, HubPrincipal.ADMIN))
    if not admin.wait_until_group_is_stable(settings.worker_app_id, WORKER_JOIN_S):
        print(
            f"jeugdhub demo: the worker has not joined after {WORKER_JOIN_S:.0f} s "
            f"(see {settings.state_dir / 'worker.log'}); sending anyway",
            file=sys.stderr,
        )


@dataclass(frozen=True)
class RegionSubscription:
    kafka: KafkaAccess  # the region's own access to its feed topic
    api_token: str  # its feed API token: the dashboard's sign-in


def region_subscriptions(settings: Settings, regions: list[str]) -> dict[str, RegionSubscription]:
    """Each region a subscriber under the region regime, with its own credentials.

    A subscriber's password and token are shown once; the demo keeps what it was shown in
    its own state folder (mode 600), and enrols a region again when it has lost them.
    """
    store = SubscriberStore(settings.subscriber_store_file)
    admin = kafka_access(settings, HubPrincipal.ADMIN)
    kept_file = settings.state_dir / "demo-subscribers.json"
    kept: dict[str, object] = json.loads(kept_file.read_text()) if kept_file.exists() else {}
    active = {subscriber.name for subscriber in store.active()}
    for region in regions:
        name = _subscriber_name(region)
        # Kept by an older demo as the password alone (no token): enrolled again.
        if name in active and isinstance(kept.get(name), dict):
            continue
        if name in active:
            withdraw(store, admin, name)
        enrolment = enrol(store, admin, (name, "region", region))
        kept[name] = {"kafka_password": enrolment.kafka_password, "api_token": enrolment.api_token}
    descriptor = os.open(kept_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump(kept, out)
    subscriptions = {}
    for region in regions:
        name = _subscriber_name(region)
        secrets_of = kept[name]
        assert isinstance(secrets_of, dict)
        access = KafkaAccess(
            admin.bootstrap_servers, principal_of(name), secrets_of["kafka_password"]
        )
        subscriptions[region] = RegionSubscription(access, secrets_of["api_token"])
    return subscriptions


def run_demo(settings: Settings, options: DemoOptions) -> str:
    """Run the demo; returns the final overview table."""
    broker = LocalBroker(settings)
    started_broker = False
    credentials_dir = None
    if settings.bootstrap_servers:
        bootstrap = settings.bootstrap_servers
    else:
        bootstrap, started_broker = start_local_hub(settings)
        credentials_dir = broker.principals.folder
    try:
        demo, env = demo_settings(settings, bootstrap, credentials_dir)
        # The same path as `jeugdhub registry import`; a second run changes nothing.
        asyncio.run(import_directory(kafka_access(demo, HubPrincipal.ADMIN), DEMO_DIR))
        token_store = TokenStore(demo.token_store_file)
        _, token = token_store.issue(
            Source(organisation_type=OrganisationType.PROVIDER, code="99000001")
        )
        port, feed_api_port = free_port(), free_port()
        regions = [region.code for region in reference_data().regions(COOPERATION)]
        subscriptions = region_subscriptions(demo, regions)
        readers = {region: subscription.kafka for region, subscription in subscriptions.items()}
        view = FeedView(readers, live=sys.stdout.isatty())
        logs = demo.state_dir
        with children(
            [
                (["worker"], env, logs / "worker.log"),
                (["gateway", "--port", str(port)], with_kek(env, demo), logs / "gateway.log"),
                (["egress"], env, logs / "egress.log"),
                (["feed-api", "--port", str(feed_api_port)], env, logs / "feed-api.log"),
            ]
        ):
            print(
                f"jeugdhub demo: Kafka {bootstrap}, gateway http://127.0.0.1:{port}/docs "
                f"(token for provider 99000001: {token}); logs in {logs}",
                file=sys.stderr,
            )
            print(
                f"jeugdhub demo: dashboard http://127.0.0.1:{feed_api_port}/ (sign in as "
                f"region {DASHBOARD_REGION} with token "
                f"{subscriptions[DASHBOARD_REGION].api_token})",
                file=sys.stderr,
            )
            print(
                "jeugdhub demo: the overview is what each region's own feed shows "
                "(regime `region`, privacy/regimes/region.toml)",
                file=sys.stderr,
            )
            _wait_for_worker(demo)
            asyncio.run(_simulate_and_show(demo, options, view))
        return view.table()
    finally:
        if started_broker:
            broker.stop()
