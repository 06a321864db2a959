"""All configuration of jeugdhub, read once from the environment and validated.

Every setting is an environment variable with the prefix ``JEUGDHUB_`` (for example
``JEUGDHUB_STATE_DIR``). Nothing else in the code reads the environment.
"""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from schemas.topics import DEFAULT_RETENTION_DAYS, REPLAYED_TOPICS

REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_state_dir() -> Path:
    return Path.home() / ".local" / "state" / "jeugdhub"


class Settings(BaseSettings):
    """Validated settings; construct through :func:`get_settings`."""

    model_config = SettingsConfigDict(env_prefix="JEUGDHUB_", frozen=True)

    state_dir: Path = Field(
        default_factory=_default_state_dir,
        description="Where the local broker's data and logs, and worker state, live.",
    )
    kafka_pom: Path = Field(
        default=REPO_ROOT / "deploy" / "kafka" / "pom.xml",
        description="The Maven project that pins and resolves the Kafka broker.",
    )
    kafka_cache_dir: Path = Field(
        default=REPO_ROOT / "deploy" / "kafka" / ".cache",
        description="Where the resolved Kafka jars are kept (one folder per version).",
    )
    kafka_heap: str = Field(
        default="1g",
        pattern=r"^\d+[mg]$",
        description="Maximum Java heap of the local broker, e.g. 512m or 1g.",
    )
    kafka_start_timeout_s: float = Field(default=90.0, gt=0)
    bootstrap_servers: str | None = Field(
        default=None,
        description=(
            "Kafka bootstrap servers (host:port,...). Unset means: use the local "
            "single-node broker that `jeugdhub kafka start` runs."
        ),
    )
    kafka_username: str | None = Field(
        default=None,
        description=(
            "SCRAM-SHA-512 user of this process on the external cluster "
            "(JEUGDHUB_BOOTSTRAP_SERVERS); unset: connect without authentication. The local "
            "broker's credentials come from its state folder instead."
        ),
    )
    kafka_password_file: Path | None = Field(
        default=None,
        description="A file, mode 600, holding the password of kafka_username.",
    )
    kafka_credentials_dir: Path | None = Field(
        default=None,
        description=(
            "For the external cluster: a folder of <principal>.json credential files (as "
            "`jeugdhub kafka setup` writes them); each process reads its own. Used when "
            "kafka_username is unset."
        ),
    )

    keystore_path: Path | None = Field(
        default=None,
        description="The encrypted key store; unset means <state_dir>/keys/keystore.json.",
    )
    key_encryption_key: SecretStr | None = Field(
        default=None,
        description=(
            "The key-encryption key (32 bytes, base64) that opens the key store. "
            "Set this or key_encryption_key_file, not both."
        ),
    )
    key_encryption_key_file: Path | None = Field(
        default=None,
        description=(
            "A file outside the repository, mode 600, holding the key-encryption key "
            "(32 bytes, base64)."
        ),
    )

    topic_replication_factor: int = Field(
        default=1, ge=1, description="replication factor of topics jeugdhub creates"
    )
    gateway_host: str = "127.0.0.1"
    gateway_port: int = Field(default=8080, ge=0, le=65535)
    gateway_max_body_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    gateway_max_batch_records: int = Field(default=1000, ge=1)
    gateway_rate_per_second: float = Field(
        default=20.0, gt=0, description="requests per second per organisation"
    )
    gateway_rate_burst: int = Field(default=60, ge=1)
    token_store_path: Path | None = Field(
        default=None, description="API token hashes; default <state_dir>/gateway/tokens.json"
    )

    subscriber_store_path: Path | None = Field(
        default=None,
        description="the feed subscribers; default <state_dir>/feeds/subscribers.json",
    )
    feed_api_host: str = "127.0.0.1"
    feed_api_port: int = Field(default=8090, ge=0, le=65535)
    feed_api_keepalive_s: float = Field(
        default=15.0, gt=0, description="a comment line on every open stream this often"
    )
    feed_api_client_queue: int = Field(
        default=256,
        ge=1,
        description="releases held for one stream client; one more and that client is "
        "disconnected (it resumes with Last-Event-ID) so it never holds up the others",
    )
    feed_api_send_timeout_s: float = Field(
        default=10.0, gt=0, description="a stream client that takes longer to take a write: closed"
    )
    feed_api_catch_up_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="how long a snapshot waits for the feed topic to be read to its end",
    )
    feed_api_session_ttl_s: float = Field(
        default=8 * 3600.0,
        gt=0,
        description="how long a dashboard session (the cookie a token is exchanged for) lasts",
    )

    worker_app_id: str = Field(
        default="jeugdhub-streams",
        pattern=r"^[a-z0-9-]+$",
        description="faust app id: consumer group and prefix of faust's own topics",
    )
    worker_instance_id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9._-]+$",
        description="static membership of the worker's consumer group: a worker restarted "
        "with the same id takes its partitions back at once, without the group first waiting "
        "out the session timeout of the member that died; unique per worker process (e.g. "
        "a StatefulSet's pod name); none: dynamic membership",
    )
    worker_session_timeout_s: float = Field(
        default=15.0,
        ge=6,
        le=90,
        description="how long the group waits for a silent worker before giving its "
        "partitions to the others (faust's default is 60 s; the broker accepts 6 s and up); "
        "a stage-1 batch must be stepped within it, as heartbeats wait for it",
    )
    replacement_window_days: int = Field(
        default=30,
        ge=0,
        description="a new placement this soon after a discharge is a re-placement",
    )
    figures_interval_s: float = Field(
        default=1.0,
        gt=0,
        description="how often the worker publishes changed region figures (at most a fifth "
        "of its time goes to publishing, however short the interval: "
        "streams.publication.publisher)",
    )
    metrics_host: str = Field(
        default="127.0.0.1",
        description="the address every process serves its Prometheus metrics on (loopback: "
        "only a Prometheus on the same machine, or a sidecar, can scrape them)",
    )
    gateway_metrics_port: int | None = Field(
        default=None, ge=1, le=65535, description="the gateway's metrics port (none when unset)"
    )
    worker_metrics_port: int | None = Field(
        default=None, ge=1, le=65535, description="the worker's metrics port (none when unset)"
    )
    egress_metrics_port: int | None = Field(
        default=None, ge=1, le=65535, description="the egress's metrics port (none when unset)"
    )
    feed_api_metrics_port: int | None = Field(
        default=None, ge=1, le=65535, description="the feed API's metrics port (none when unset)"
    )
    metrics_kafka_probe_s: float = Field(
        default=15.0,
        gt=0,
        description="how often a process with metrics checks that Kafka answers, and counts "
        "the brokers it lists",
    )
    audit_topic: str = Field(
        default="jeugdhub.audit.v1",
        pattern=r"^jeugdhub\.audit\.[a-z0-9.-]+$",
        description="the audit trail's topic (the hub principals may write jeugdhub.audit.*)",
    )
    audit_signing_key_path: Path | None = Field(
        default=None,
        description="the Ed25519 key that signs audit entries (PEM, mode 600); made on first "
        "use; default <state_dir>/audit/signing-key.pem",
    )
    audit_write_timeout_s: float = Field(
        default=5.0,
        gt=0,
        description="how long an access waits for its audit entry to be acknowledged; "
        "then it is refused (fail closed)",
    )
    audit_organisation: str = Field(
        default="jeugdhub",
        min_length=1,
        description="the code of the organisation running the hub, for its operators' entries",
    )
    retention_days: dict[str, int] = Field(
        default_factory=dict,
        description=(
            "per topic, how many days it keeps a message, over the defaults of "
            "schemas.topics.DEFAULT_RETENTION_DAYS; JSON, e.g. "
            '{"jeugdhub.deadletter.v1": 30}'
        ),
    )
    regimes_dir: Path = Field(
        default=REPO_ROOT / "privacy" / "regimes",
        description="the egress policy files, one <regime>.toml per recipient type",
    )

    @field_validator("retention_days")
    @classmethod
    def _retention_of_own_topics(cls, retention: dict[str, int]) -> dict[str, int]:
        for topic, days in retention.items():
            if topic not in DEFAULT_RETENTION_DAYS:
                known = ", ".join(sorted(DEFAULT_RETENTION_DAYS))
                raise ValueError(f"{topic!r} is not a topic with a retention (one of {known})")
            if topic in REPLAYED_TOPICS:
                raise ValueError(
                    f"{topic} keeps every message: the worker reads it again from the start "
                    "after every restart, so an expired message would change the figures"
                )
            if days < 1:
                raise ValueError(f"{topic}: keep a message at least 1 day (got {days})")
        return retention

    @property
    def token_store_file(self) -> Path:
        return self.token_store_path or self.state_dir / "gateway" / "tokens.json"

    @field_validator("state_dir", "kafka_cache_dir", "kafka_pom", "regimes_dir")
    @classmethod
    def _absolute(cls, path: Path) -> Path:
        return path.expanduser().resolve()

    @property
    def subscriber_store_file(self) -> Path:
        return self.subscriber_store_path or self.state_dir / "feeds" / "subscribers.json"

    @field_validator(
        "keystore_path",
        "key_encryption_key_file",
        "kafka_password_file",
        "kafka_credentials_dir",
        "audit_signing_key_path",
    )
    @classmethod
    def _absolute_if_set(cls, path: Path | None) -> Path | None:
        return None if path is None else path.expanduser().resolve()

    @property
    def audit_signing_key_file(self) -> Path:
        return self.audit_signing_key_path or self.state_dir / "audit" / "signing-key.pem"

    @property
    def keystore_file(self) -> Path:
        """Where the key store is: ``keystore_path``, or its default under ``state_dir``."""
        return self.keystore_path or self.state_dir / "keys" / "keystore.json"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
