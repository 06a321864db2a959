"""How a hub process reaches Kafka: the address and the credentials of its principal.

Every client the hub makes (aiokafka producers, consumers and admin clients, the faust
app, confluent-kafka's admin client) is configured from one :class:`KafkaAccess`, so no
process can connect without saying who it is. The broker's ACLs for each principal are in
``jeugdhub.acls``.

Credentials come from the settings for an external cluster (``JEUGDHUB_KAFKA_USERNAME``
and ``JEUGDHUB_KAFKA_PASSWORD_FILE``, or a folder of per-principal files,
``JEUGDHUB_KAFKA_CREDENTIALS_DIR``), otherwise from the state folder of the running local
broker, where ``jeugdhub kafka start`` keeps one file per principal
(``<state>/kafka/principals/<name>.json``, mode 600).
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from jeugdhub.errors import JeugdhubError
from jeugdhub.settings import Settings

SASL_MECHANISM = "SCRAM-SHA-512"


class HubPrincipal(StrEnum):
    """The hub's own processes, each a Kafka user with only the rights its job needs."""

    ADMIN = "jeugdhub-admin"  # super user: topics, principals, ACLs, test fixtures
    INGEST = "jeugdhub-ingest"  # gateway, file ingest, simulator, dead-letter replay
    WORKER = "jeugdhub-worker"  # the stream processors
    EGRESS = "jeugdhub-egress"  # applies the regimes, writes the feed topics
    FEEDAPI = "jeugdhub-feedapi"  # the HTTP feed API, reads the feed topics
    AUDIT = "jeugdhub-audit"  # `audit`, `keys` and `tokens`: reads and writes the audit trail


class NoKafkaError(JeugdhubError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__(
            "No Kafka to connect to: start the local broker with `jeugdhub kafka start`, "
            "or set JEUGDHUB_BOOTSTRAP_SERVERS to a cluster."
        )


class KafkaCredentialsError(JeugdhubError):
    """The credentials of a principal are missing or unreadable."""

    exit_code = 2


@dataclass(frozen=True)
class KafkaAccess:
    """Where the cluster is and, when it requires it, the SCRAM-SHA-512 user to log in as.

    Without a username the connection is PLAINTEXT (an unsecured external cluster); the
    local broker accepts no such connection.
    """

    bootstrap_servers: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if (self.username is None) != (self.password is None):
            raise KafkaCredentialsError(
                "A Kafka username needs a password and a password a username: set both "
                "JEUGDHUB_KAFKA_USERNAME and JEUGDHUB_KAFKA_PASSWORD_FILE, or neither."
            )

    @property
    def authenticated(self) -> bool:
        return self.username is not None

    def aiokafka_options(self) -> dict[str, Any]:
        """Keyword arguments for AIOKafkaProducer, AIOKafkaConsumer and AIOKafkaAdminClient."""
        options: dict[str, Any] = {"bootstrap_servers": self.bootstrap_servers}
        if self.authenticated:
            options |= {
                "security_protocol": "SASL_PLAINTEXT",
                "sasl_mechanism": SASL_MECHANISM,
                "sasl_plain_username": self.username,
                "sasl_plain_password": self.password,
            }
        return options

    def faust_options(self) -> dict[str, Any]:
        """Keyword arguments for ``faust.App``: the broker URL and its credentials."""
        options: dict[str, Any] = {"broker": f"kafka://{self.bootstrap_servers}"}
        if self.authenticated:
            # faust takes a second or more to import, and only the worker uses it.
            from faust import SASLCredentials  # noqa: PLC0415

            options["broker_credentials"] = SASLCredentials(
                username=self.username, password=self.password, mechanism=SASL_MECHANISM
            )
        return options

    def librdkafka_config(self) -> dict[str, str]:
        """Configuration for confluent-kafka clients, or ``kcat -X key=value``."""
        config = {"bootstrap.servers": self.bootstrap_servers}
        if self.username is not None and self.password is not None:
            config |= {
                "security.protocol": "SASL_PLAINTEXT",
                "sasl.mechanism": SASL_MECHANISM,
                "sasl.username": self.username,
                "sasl.password": self.password,
            }
        return config


def kafka_access(settings: Settings, principal: HubPrincipal) -> KafkaAccess:
    """How ``principal`` reaches the configured cluster, else the running local broker.

    For an external cluster: the user in the settings (a process configured as one
    principal), else ``principal``'s file in ``kafka_credentials_dir``, else no
    authentication. For the local broker: the file ``kafka start`` wrote for ``principal``.
    """
    # localkafka probes the broker through a KafkaAccess, so it is imported here.
    from jeugdhub.localkafka import LocalBroker  # noqa: PLC0415
    from jeugdhub.localkafka.principals import PrincipalFiles  # noqa: PLC0415

    if settings.bootstrap_servers:
        if settings.kafka_username is not None:
            return KafkaAccess(
                settings.bootstrap_servers, settings.kafka_username, _password_file(settings)
            )
        if settings.kafka_credentials_dir is not None:
            files = PrincipalFiles(settings.kafka_credentials_dir)
            return files.access(settings.bootstrap_servers, principal)
        return KafkaAccess(settings.bootstrap_servers)
    broker = LocalBroker(settings)
    status = broker.status()
    if not status.running or status.bootstrap_servers is None:
        raise NoKafkaError
    return broker.principals.access(status.bootstrap_servers, principal)


def _password_file(settings: Settings) -> str | None:
    if settings.kafka_password_file is None:
        return None
    try:
        return settings.kafka_password_file.read_text().strip()
    except OSError as error:
        raise KafkaCredentialsError(
            f"Cannot read JEUGDHUB_KAFKA_PASSWORD_FILE {settings.kafka_password_file} "
            f"({error.strerror}): it must hold the password of {settings.kafka_username}."
        ) from None
