"""Start, check and stop the local Kafka broker: one node, or a cluster of several.

State lives in ``<state_dir>/kafka``: the principals' credentials, and the nodes
(``jeugdhub.localkafka.node``). One node keeps its files in that folder itself; a cluster
(``jeugdhub kafka start --brokers 3``) has one folder per node, ``node-<id>``, and
``cluster.json`` with its size and KRaft cluster id. Every node is broker and controller
at once, and the controllers form the KRaft quorum. The broker counts as running when a
node is alive *and* answers a metadata request; ``start`` returns only once every node
is listed by the cluster.
"""

import base64
import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from jeugdhub.kafka_access import HubPrincipal, KafkaAccess
from jeugdhub.kafka_probe import answers_metadata, brokers_answering
from jeugdhub.localkafka.config import BrokerConfig
from jeugdhub.localkafka.errors import BrokerError
from jeugdhub.localkafka.jars import ensure_jars, java_executable
from jeugdhub.localkafka.node import (
    POLL_S,
    BrokerNode,
    alive,
    free_port,
    port_is_free,
    read_record,
    terminate,
)
from jeugdhub.localkafka.principals import PrincipalFiles
from jeugdhub.settings import Settings

__all__ = ["BrokerStatus", "LocalBroker", "free_port", "new_cluster_id", "port_is_free"]


@dataclass(frozen=True)
class BrokerStatus:
    """What is known about the broker of one state folder."""

    running: bool
    bootstrap_servers: str | None = None
    pid: int | None = None
    pids: tuple[int, ...] = ()  # every node's process that is alive


def new_cluster_id() -> str:
    """A random KRaft cluster id, as Kafka's own ``Uuid.randomUuid()`` makes one.

    Url-safe base64 starts with ``-`` about once in 64 draws, and the storage
    tool's argument parser then reads the id as an option. Kafka re-draws in
    that case; so do we.
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


class LocalBroker:
    """The broker (or cluster) whose state lives in ``<state_dir>/kafka``.

    ``brokers``: how many nodes to start; None means as many as the folder holds (1 for
    a new folder).
    """

    def __init__(
        self, settings: Settings, state_dir: Path | None = None, brokers: int | None = None
    ) -> None:
        self._settings = settings
        self.home = (state_dir or settings.state_dir) / "kafka"
        self.principals = PrincipalFiles(self.home / "principals")
        self._cluster_file = self.home / "cluster.json"
        existing = int(str(self._cluster().get("brokers", 1)))
        count = brokers or existing
        self.nodes = [
            BrokerNode(settings, self.home if count == 1 else self.home / f"node-{i}", i)
            for i in range(1, count + 1)
        ]
        self._check_layout(count, existing)

    def _cluster(self) -> dict[str, object]:
        return read_record(self._cluster_file)

    def _check_layout(self, wanted: int, existing: int) -> None:
        single_node_data = (self.home / "data" / "meta.properties").exists()
        made_for = existing if self._cluster_file.exists() else 1
        if (wanted > 1 and single_node_data) or (
            self._cluster_file.exists() and wanted != made_for
        ):
            raise BrokerError(
                f"The broker data in {self.home} was made for {made_for} broker(s), not "
                f"{wanted}. Start it as it was made (`jeugdhub kafka start --brokers "
                f"{made_for}`), or stop it and remove that folder (its topics are lost)."
            )

    @property
    def log_file(self) -> Path:
        return self.nodes[0].log_file

    # -- what is running ------------------------------------------------------------

    def _address(self) -> str | None:
        ports = [node.recorded().get("client_port") for node in self.nodes]
        if None in ports:
            return None
        return ",".join(f"127.0.0.1:{port}" for port in ports)

    def status(self) -> BrokerStatus:
        pids = tuple(pid for node in self.nodes if (pid := node.running_pid()) is not None)
        address = self._address()
        if not pids or address is None:
            return BrokerStatus(running=False)
        if not answers_metadata(self.admin_access(address)):
            return BrokerStatus(running=False, pid=pids[0], pids=pids)
        return BrokerStatus(running=True, bootstrap_servers=address, pid=pids[0], pids=pids)

    def admin_access(self, address: str) -> KafkaAccess:
        return self.principals.access(address, HubPrincipal.ADMIN)

    # -- start ----------------------------------------------------------------------

    def start(self) -> tuple[str, bool]:
        """Start every node that does not run; returns (bootstrap address, started now)."""
        current = self.status()
        if current.running and current.bootstrap_servers and len(current.pids) == len(self.nodes):
            return current.bootstrap_servers, False
        if not current.running:
            for pid in current.pids:  # alive but not answering: a stuck broker
                terminate(pid)
        java = java_executable()
        libs = ensure_jars(self._settings.kafka_pom, self._settings.kafka_cache_dir)
        if (
            any(node.formatted for node in self.nodes)
            and not self.principals.path(HubPrincipal.ADMIN).exists()
        ):
            raise BrokerError(
                f"The broker data in {self.home} was made by an earlier jeugdhub, "
                "without authentication, and has no admin user. Remove that folder (its "
                "topics are lost) and run `jeugdhub kafka start` again."
            )
        configs = self._configs()
        cluster_id = self._cluster_id()
        classpath = f"{libs}/*"
        for node, config in zip(self.nodes, configs, strict=True):
            if node.running_pid() is not None:
                continue
            node.write_config(config)
            if not node.formatted:
                node.format_storage(java, classpath, config, cluster_id)
            node.spawn(java, classpath)
        address = ",".join(config.bootstrap_servers for config in configs)
        self._wait_until_ready(self.admin_access(address))
        return address, True

    def _configs(self) -> list[BrokerConfig]:
        self.home.mkdir(parents=True, exist_ok=True)
        taken: set[int] = set()
        ports = [node.ports(taken) for node in self.nodes]
        voters = tuple(
            (node.node_id, controller)
            for node, (_, controller) in zip(self.nodes, ports, strict=True)
        )
        return [
            BrokerConfig(
                data_dir=node.data_dir,
                client_port=client,
                controller_port=controller,
                admin_user=HubPrincipal.ADMIN.value,
                admin_password=self.principals.password(HubPrincipal.ADMIN),
                node_id=node.node_id,
                voters=voters,
                replication=min(len(self.nodes), 3),
            )
            for node, (client, controller) in zip(self.nodes, ports, strict=True)
        ]

    def _cluster_id(self) -> str:
        """The nodes of a cluster share one id, kept in cluster.json; one node needs none kept."""
        if len(self.nodes) == 1:
            return new_cluster_id()
        cluster = self._cluster()
        if "cluster_id" not in cluster:
            cluster = {"brokers": len(self.nodes), "cluster_id": new_cluster_id()}
            self._cluster_file.write_text(json.dumps(cluster))
        return str(cluster["cluster_id"])

    def _wait_until_ready(self, access: KafkaAccess) -> None:
        deadline = time.monotonic() + self._settings.kafka_start_timeout_s
        while time.monotonic() < deadline:
            for node in self.nodes:
                pid = node.recorded().get("pid")
                if pid is None or not alive(pid):
                    raise BrokerError(
                        f"Kafka broker {node.node_id} exited during start-up. Last lines "
                        f"of {node.log_file}:\n" + node.log_tail()
                    )
            if brokers_answering(access) == len(self.nodes):
                return
            time.sleep(POLL_S)
        for node in self.nodes:
            node.stop()
        raise BrokerError(
            f"The Kafka broker did not answer at {access.bootstrap_servers} with all "
            f"{len(self.nodes)} node(s) within {self._settings.kafka_start_timeout_s:.0f} s "
            f"and was stopped. Last lines of {self.nodes[0].log_file}:\n" + self.nodes[0].log_tail()
        )

    # -- stop -----------------------------------------------------------------------

    def stop(self) -> bool:
        """Stop every node; False when none was running."""
        stopped = [node.stop() for node in self.nodes]
        return any(stopped)
