"""The generated configuration of a node of the local KRaft broker or cluster.

Broker and controller run in one process. On one node, replication factors are 1 and the
transaction state log is set up so that Kafka transactions work on one broker; in a
cluster of three (``kafka start --brokers 3``) every node is a voter of the KRaft quorum,
replication factors are 3 and min.insync.replicas 2.

Nobody gets in without logging in: the client listener speaks SASL_PLAINTEXT with
SCRAM-SHA-512 only (the credentials are in the metadata log, so ``jeugdhub kafka start``
can add principals to a running broker), and Kafka's StandardAuthorizer refuses whatever
no ACL allows (``allow.everyone.if.no.acl.found=false``). The admin user is the super user
and the broker's own principal. The controller listener uses SASL PLAIN with the admin
alone as its user (KRaft cannot check SCRAM there: the controller must authenticate before
it has read the metadata that holds the SCRAM credentials); a PLAINTEXT controller would
make its anonymous principal a super user that anyone on this machine could connect as.
Both listeners are on 127.0.0.1, so passwords never cross a network unencrypted.

The file holds the admin password, so it is written with mode 600.
"""

from dataclasses import dataclass, field
from pathlib import Path

CONTROLLER_LISTENER = "CONTROLLER"
CLIENT_LISTENER = "CLIENT"
CLIENT_MECHANISM = "SCRAM-SHA-512"
CONTROLLER_MECHANISM = "PLAIN"
AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer"


@dataclass(frozen=True)
class Listener:
    """One named listener on 127.0.0.1."""

    name: str
    port: int
    security_protocol: str = "SASL_PLAINTEXT"
    advertised: bool = True

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@dataclass(frozen=True)
class BrokerConfig:
    """Everything that goes into server.properties for the one-node cluster."""

    data_dir: Path
    client_port: int
    controller_port: int
    admin_user: str
    admin_password: str = field(repr=False)
    node_id: int = 1
    partitions: int = 1
    # The KRaft quorum, (node id, controller port) per node; empty: this node alone.
    voters: tuple[tuple[int, int], ...] = ()
    # Replicas of the internal topics and the default for new ones; min.insync.replicas is
    # one fewer (2 of 3: one broker may be lost without refusing a write).
    replication: int = 1
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def listeners(self) -> tuple[Listener, ...]:
        controller = Listener(CONTROLLER_LISTENER, self.controller_port, advertised=False)
        client = Listener(CLIENT_LISTENER, self.client_port)
        return (client, controller)

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.client_port}"

    def _security(self) -> dict[str, str]:
        user, password = self.admin_user, self.admin_password
        scram = "org.apache.kafka.common.security.scram.ScramLoginModule"
        plain = "org.apache.kafka.common.security.plain.PlainLoginModule"
        client = f"listener.name.{CLIENT_LISTENER.lower()}"
        controller = f"listener.name.{CONTROLLER_LISTENER.lower()}"
        return {
            "sasl.mechanism.inter.broker.protocol": CLIENT_MECHANISM,
            "sasl.mechanism.controller.protocol": CONTROLLER_MECHANISM,
            f"{client}.sasl.enabled.mechanisms": CLIENT_MECHANISM,
            f"{client}.{CLIENT_MECHANISM.lower()}.sasl.jaas.config": (
                f'{scram} required username="{user}" password="{password}";'
            ),
            f"{controller}.sasl.enabled.mechanisms": CONTROLLER_MECHANISM,
            f"{controller}.{CONTROLLER_MECHANISM.lower()}.sasl.jaas.config": (
                f'{plain} required username="{user}" password="{password}" '
                f'user_{user}="{password}";'
            ),
            "authorizer.class.name": AUTHORIZER,
            "super.users": f"User:{user}",
            "allow.everyone.if.no.acl.found": "false",
        }

    def properties(self) -> dict[str, str]:
        listeners = self.listeners
        voters = self.voters or ((self.node_id, self.controller_port),)
        replicas = str(self.replication)
        min_in_sync = str(max(1, self.replication - 1))
        props = {
            "process.roles": "broker,controller",
            "node.id": str(self.node_id),
            "controller.quorum.voters": ",".join(f"{n}@127.0.0.1:{p}" for n, p in voters),
            "controller.listener.names": CONTROLLER_LISTENER,
            "inter.broker.listener.name": CLIENT_LISTENER,
            "listeners": ",".join(f"{lis.name}://{lis.address}" for lis in listeners),
            "advertised.listeners": ",".join(
                f"{lis.name}://{lis.address}" for lis in listeners if lis.advertised
            ),
            "listener.security.protocol.map": ",".join(
                f"{lis.name}:{lis.security_protocol}" for lis in listeners
            ),
            **self._security(),
            "log.dirs": str(self.data_dir),
            "num.partitions": str(self.partitions),
            # One broker: every internal topic can have only one replica; three: three.
            "offsets.topic.replication.factor": replicas,
            "offsets.topic.num.partitions": "8",
            "transaction.state.log.replication.factor": replicas,
            "transaction.state.log.min.isr": min_in_sync,
            "transaction.state.log.num.partitions": "8",
            "share.coordinator.state.topic.replication.factor": replicas,
            "share.coordinator.state.topic.min.isr": min_in_sync,
            "default.replication.factor": replicas,
            "min.insync.replicas": min_in_sync,
            # Consumers of a fresh group start at once instead of waiting 3 s for peers.
            "group.initial.rebalance.delay.ms": "0",
            # Topics are created on purpose (with their partition counts), never by a typo.
            "auto.create.topics.enable": "false",
        }
        props.update(self.extra)
        return props

    def render(self) -> str:
        lines = ["# Generated by jeugdhub; rewritten at every start."]
        lines += [f"{key}={value}" for key, value in self.properties().items()]
        return "\n".join(lines) + "\n"


def log4j2_properties(log_file: Path) -> str:
    """Broker logging to one file in the state folder, so the terminal stays quiet."""
    return "\n".join(
        [
            "status = warn",
            "appender.file.type = File",
            "appender.file.name = file",
            f"appender.file.fileName = {log_file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            "logger.kafka.name = kafka",
            "logger.kafka.level = INFO",
            "logger.apache.name = org.apache",
            "logger.apache.level = WARN",
            "",
        ]
    )
