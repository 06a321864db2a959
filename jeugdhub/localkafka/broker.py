"""Start, check and stop the local single-node Kafka broker.

State lives in one folder: the generated ``server.properties``, the KRaft data, the broker
log and ``broker.json`` (process id and ports). A broker counts as running only when its
process is alive *and* answers a metadata request; ``start`` returns only then.
"""

import asyncio
import base64
import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient

from jeugdhub.kafka_access import HubPrincipal, KafkaAccess
from jeugdhub.localkafka.config import CLIENT_MECHANISM, BrokerConfig, log4j2_properties
from jeugdhub.localkafka.errors import BrokerError
from jeugdhub.localkafka.jars import ensure_jars, java_executable
from jeugdhub.localkafka.principals import PrincipalFiles
from jeugdhub.settings import Settings

_STOP_GRACE_S = 30.0
_POLL_S = 0.25


@dataclass(frozen=True)
class BrokerStatus:
    """What is known about the broker of one state folder."""

    running: bool
    bootstrap_servers: str | None = None
    pid: int | None = None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As the broker binds (Java sets SO_REUSEADDR): connections it closed at its last
        # stop linger in TIME_WAIT on its port for a minute, and must not count as a user.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


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


async def _describe_cluster(access: KafkaAccess, timeout_s: float) -> None:
    admin = AIOKafkaAdminClient(
        **access.aiokafka_options(), request_timeout_ms=int(timeout_s * 1000)
    )
    try:
        await asyncio.wait_for(admin.start(), timeout_s)
        await asyncio.wait_for(admin.describe_cluster(), timeout_s)
    finally:
        with contextlib.suppress(Exception):
            await admin.close()


@contextlib.contextmanager
def _quiet_client_logs() -> Iterator[None]:
    """A probe that fails is an expected answer, not something to log."""
    client_logger = logging.getLogger("aiokafka")
    previous = client_logger.level
    client_logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        client_logger.setLevel(previous)


def answers_metadata(access: KafkaAccess, timeout_s: float = 2.0) -> bool:
    """True when the broker lets ``access`` log in and completes a metadata round trip.

    Callable from synchronous code and from inside a running event loop alike: the probe
    runs in a loop of its own, on a separate thread when the caller already has one.
    """

    def probe() -> bool:
        try:
            with _quiet_client_logs():
                asyncio.run(_describe_cluster(access, timeout_s))
        except Exception:
            return False
        return True

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return probe()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(probe).result()


class LocalBroker:
    """The broker whose state lives in ``<state_dir>/kafka``."""

    def __init__(self, settings: Settings, state_dir: Path | None = None) -> None:
        self._settings = settings
        self.home = (state_dir or settings.state_dir) / "kafka"
        self.data_dir = self.home / "data"
        self.log_file = self.home / "broker.log"
        # Feed subscribers' accesses and every refusal, for `jeugdhub audit watch-broker`.
        self.authorizer_log_file = self.home / "authorizer.log"
        self._properties = self.home / "server.properties"
        self._log4j = self.home / "log4j2.properties"
        self._runtime = self.home / "broker.json"
        self.principals = PrincipalFiles(self.home / "principals")

    # -- what is running ------------------------------------------------------------

    def _recorded(self) -> dict[str, int]:
        """The last pid and ports; ports outlive a stop so a restart can reuse them."""
        try:
            recorded: dict[str, int] = json.loads(self._runtime.read_text())
        except (OSError, ValueError):
            return {}
        return recorded

    def _record(self, **values: int) -> None:
        self._runtime.write_text(json.dumps(values))

    def _running_pid(self) -> int | None:
        pid = self._recorded().get("pid")
        return pid if pid is not None and self._is_our_process(pid) else None

    def _is_our_process(self, pid: int) -> bool:
        """The pid is alive and is the java process serving this state folder."""
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return False
        return str(self._properties).encode() in cmdline

    def status(self) -> BrokerStatus:
        pid = self._running_pid()
        if pid is None:
            return BrokerStatus(running=False)
        address = f"127.0.0.1:{self._recorded()['client_port']}"
        if not answers_metadata(self.admin_access(address)):
            return BrokerStatus(running=False, pid=pid)
        return BrokerStatus(running=True, bootstrap_servers=address, pid=pid)

    def admin_access(self, address: str) -> KafkaAccess:
        return self.principals.access(address, HubPrincipal.ADMIN)

    # -- start ----------------------------------------------------------------------

    def start(self) -> tuple[str, bool]:
        """Start the broker unless it runs; returns (bootstrap address, started now)."""
        current = self.status()
        if current.running and current.bootstrap_servers:
            return current.bootstrap_servers, False
        if current.pid is not None:  # alive but not answering: a stuck broker
            self._terminate(current.pid)
        java = java_executable()
        libs = ensure_jars(self._settings.kafka_pom, self._settings.kafka_cache_dir)
        formatted = (self.data_dir / "meta.properties").exists()
        if formatted and not self.principals.path(HubPrincipal.ADMIN).exists():
            raise BrokerError(
                f"The broker data in {self.data_dir} was made by an earlier jeugdhub, "
                "without authentication, and has no admin user. Remove that folder (its "
                "topics are lost) and run `jeugdhub kafka start` again."
            )
        config = self._write_config()
        classpath = f"{libs}/*"
        if not formatted:
            self._format_storage(java, classpath, config)
        pid = self._spawn(java, classpath)
        self._record(
            pid=pid, client_port=config.client_port, controller_port=config.controller_port
        )
        self._wait_until_ready(pid, self.admin_access(config.bootstrap_servers))
        return config.bootstrap_servers, True

    def _write_config(self) -> BrokerConfig:
        self.home.mkdir(parents=True, exist_ok=True)
        recorded = self._recorded()
        # Keep the previous ports when they are still free, so clients configured with
        # the old address keep working after a restart.
        client_port = recorded.get("client_port") or free_port()
        if not port_is_free(client_port):
            client_port = free_port()
        controller_port = recorded.get("controller_port") or free_port()
        # The OS may hand out the client port again once its probe socket is closed.
        while not port_is_free(controller_port) or controller_port == client_port:
            controller_port = free_port()
        config = BrokerConfig(
            data_dir=self.data_dir,
            client_port=client_port,
            controller_port=controller_port,
            admin_user=HubPrincipal.ADMIN.value,
            admin_password=self.principals.password(HubPrincipal.ADMIN),
        )
        # It holds the admin password: readable by this user alone, from its creation on.
        descriptor = os.open(self._properties, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.chmod(self._properties, 0o600)  # a file from an earlier version may be 644
        with os.fdopen(descriptor, "w") as properties:
            properties.write(config.render())
        self._log4j.write_text(log4j2_properties(self.log_file, self.authorizer_log_file))
        return config

    def _java_command(self, java: str, classpath: str, *args: str) -> list[str]:
        return [
            java,
            f"-Xmx{self._settings.kafka_heap}",
            "-Xms128m",
            "-XX:+UseG1GC",
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={self._log4j}",
            "-cp",
            classpath,
            *args,
        ]

    def _format_storage(self, java: str, classpath: str, config: BrokerConfig) -> None:
        """Format the KRaft storage, with the admin's SCRAM credential in its metadata.

        The password is on the storage tool's command line for the second it runs (the
        tool takes it no other way); the broker itself reads it from server.properties.
        """
        cluster_id = new_cluster_id()
        admin = f"[name={config.admin_user},password={config.admin_password}]"
        command = self._java_command(
            java,
            classpath,
            "kafka.tools.StorageTool",
            "format",
            "--cluster-id",
            cluster_id,
            "--config",
            str(self._properties),
            "--ignore-formatted",
            "--add-scram",
            f"{CLIENT_MECHANISM}={admin}",
        )
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BrokerError(
                f"Formatting the KRaft storage in {self.data_dir} failed "
                f"(exit code {result.returncode}): {result.stderr.strip()[-800:]}"
            )

    def _spawn(self, java: str, classpath: str) -> int:
        out = (self.home / "broker.out").open("ab")
        process = subprocess.Popen(
            self._java_command(java, classpath, "kafka.Kafka", str(self._properties)),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            # Its own session: a Ctrl-C in the terminal that started it does not kill it,
            # and `stop` can signal it alone.
            start_new_session=True,
        )
        out.close()
        return process.pid

    def _wait_until_ready(self, pid: int, access: KafkaAccess) -> None:
        deadline = time.monotonic() + self._settings.kafka_start_timeout_s
        while time.monotonic() < deadline:
            if not _alive(pid):
                raise BrokerError(
                    f"The Kafka broker exited during start-up. Last lines of {self.log_file}:\n"
                    + self._log_tail()
                )
            if answers_metadata(access):
                return
            time.sleep(_POLL_S)
        self._terminate(pid)
        raise BrokerError(
            f"The Kafka broker did not answer at {access.bootstrap_servers} within "
            f"{self._settings.kafka_start_timeout_s:.0f} s and was stopped. "
            f"Last lines of {self.log_file}:\n" + self._log_tail()
        )

    def _log_tail(self, lines: int = 20) -> str:
        chunks = []
        for path in (self.log_file, self.home / "broker.out"):
            with contextlib.suppress(OSError):
                chunks += path.read_text(errors="replace").splitlines()[-lines:]
        return "\n".join(chunks) or "(no log written)"

    # -- stop -----------------------------------------------------------------------

    def stop(self) -> bool:
        """Stop the broker; False when none was running."""
        pid = self._running_pid()
        recorded = self._recorded()
        recorded.pop("pid", None)
        if recorded:
            self._record(**recorded)
        if pid is None:
            return False
        self._terminate(pid)
        return True

    def _terminate(self, pid: int) -> None:
        """SIGTERM for a controlled shutdown, SIGKILL if it has not ended in time."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + _STOP_GRACE_S
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(_POLL_S)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        while _alive(pid):
            time.sleep(_POLL_S)


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    if state == "Z":
        # Our own child that exited: reap it so it leaves no zombie behind.
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        return False
    return True
