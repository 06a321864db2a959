"""One Kafka process (broker and controller in one) of the local broker or cluster.

Its state lives in one folder: the generated ``server.properties``, the KRaft data, its
log and ``broker.json`` (process id and ports). The ports outlive a stop, so a restart
can reuse them and clients configured with the old address keep working.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from jeugdhub.localkafka.config import CLIENT_MECHANISM, BrokerConfig, log4j2_properties
from jeugdhub.localkafka.errors import BrokerError
from jeugdhub.settings import Settings

STOP_GRACE_S = 30.0
POLL_S = 0.25


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    """Whether the broker could listen on ``port``: as Java's server sockets do, the probe
    may reuse a port whose old connections are still in TIME_WAIT after a stop."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def read_record(path: Path) -> dict[str, Any]:
    """A small JSON file jeugdhub wrote; empty when it is missing or unreadable."""
    try:
        record: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return record


class BrokerNode:
    def __init__(self, settings: Settings, home: Path, node_id: int) -> None:
        self._settings = settings
        self.home = home
        self.node_id = node_id
        self.data_dir = home / "data"
        self.log_file = home / "broker.log"
        self._properties = home / "server.properties"
        self._log4j = home / "log4j2.properties"
        self._runtime = home / "broker.json"

    # -- what is running ------------------------------------------------------------

    def recorded(self) -> dict[str, int]:
        """The last pid and ports."""
        return read_record(self._runtime)

    def _record(self, **values: int) -> None:
        self._runtime.write_text(json.dumps(values))

    def running_pid(self) -> int | None:
        pid = self.recorded().get("pid")
        return pid if pid is not None and self._is_our_process(pid) else None

    def _is_our_process(self, pid: int) -> bool:
        """The pid is alive and is the java process serving this state folder."""
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return False
        return str(self._properties).encode() in cmdline

    @property
    def formatted(self) -> bool:
        return (self.data_dir / "meta.properties").exists()

    def ports(self, taken: set[int]) -> tuple[int, int]:
        """(client, controller) ports: the recorded ones while running or still free."""
        recorded = self.recorded()
        running = self.running_pid() is not None
        chosen = []
        for name in ("client_port", "controller_port"):
            port = recorded.get(name) or free_port()
            # The OS may hand out a port again once its probe socket is closed.
            while not running and (not port_is_free(port) or port in taken):
                port = free_port()
            taken.add(port)
            chosen.append(port)
        return chosen[0], chosen[1]

    # -- start ----------------------------------------------------------------------

    def write_config(self, config: BrokerConfig) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        # It holds the admin password: readable by this user alone, from its creation on.
        descriptor = os.open(self._properties, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.chmod(self._properties, 0o600)  # a file from an earlier version may be 644
        with os.fdopen(descriptor, "w") as properties:
            properties.write(config.render())
        self._log4j.write_text(log4j2_properties(self.log_file))
        recorded = {k: v for k, v in self.recorded().items() if k == "pid"}
        self._record(
            **recorded, client_port=config.client_port, controller_port=config.controller_port
        )

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

    def format_storage(
        self, java: str, classpath: str, config: BrokerConfig, cluster_id: str
    ) -> None:
        """Format the KRaft storage, with the admin's SCRAM credential in its metadata.

        The password is on the storage tool's command line for the second it runs (the
        tool takes it no other way); the broker itself reads it from server.properties.
        """
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

    def spawn(self, java: str, classpath: str) -> int:
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
        self._record(**{**self.recorded(), "pid": process.pid})
        return process.pid

    def log_tail(self, lines: int = 20) -> str:
        chunks = []
        for path in (self.log_file, self.home / "broker.out"):
            with contextlib.suppress(OSError):
                chunks += path.read_text(errors="replace").splitlines()[-lines:]
        return "\n".join(chunks) or "(no log written)"

    # -- stop -----------------------------------------------------------------------

    def stop(self) -> bool:
        """Stop the process; False when none was running. The ports stay recorded."""
        pid = self.running_pid()
        recorded = self.recorded()
        recorded.pop("pid", None)
        if recorded:
            self._record(**recorded)
        if pid is None:
            return False
        terminate(pid)
        return True


def terminate(pid: int) -> None:
    """SIGTERM for a controlled shutdown, SIGKILL if it has not ended in time."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_S
    while time.monotonic() < deadline:
        if not alive(pid):
            return
        time.sleep(POLL_S)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    while alive(pid):
        time.sleep(POLL_S)


def alive(pid: int) -> bool:
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
