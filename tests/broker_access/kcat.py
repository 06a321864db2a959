"""kcat as the outside client: a Kafka tool that shares no code with the hub.

Debian's kcat 1.7 is built on librdkafka 2.0, whose SCRAM client-final message repeats
the client nonce; Kafka 4 checks the nonce strictly (RFC 5802) and refuses the login
(edenhill/kcat#462, fixed in librdkafka 2.6.1, confluentinc/librdkafka#4895). kcat loads
librdkafka dynamically, so when its own is older it is run on the librdkafka that the
confluent-kafka wheel ships: the same kcat, a fixed library.
"""

import os
import re
import subprocess
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import confluent_kafka

FIXED_LIBRDKAFKA = (2, 6, 1)


def _version(text: str) -> tuple[int, ...]:
    found = re.search(r"librdkafka (\d+)\.(\d+)\.(\d+)", text)
    assert found, f"no librdkafka version in: {text[:200]}"
    return tuple(int(part) for part in found.groups())


@cache
def _library_env(folder: Path) -> dict[str, str]:
    builtin = subprocess.run(["kcat", "-V"], capture_output=True, text=True, check=True)
    if _version(builtin.stdout + builtin.stderr) >= FIXED_LIBRDKAFKA:
        return {}
    wheel_libs = Path(confluent_kafka.__file__).parent.parent / "confluent_kafka.libs"
    (bundled,) = wheel_libs.glob("librdkafka*.so*")
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / "librdkafka.so.1"
    if not link.exists():
        link.symlink_to(bundled)
    env = {"LD_LIBRARY_PATH": str(folder)}
    shimmed = subprocess.run(["kcat", "-V"], capture_output=True, text=True, check=True, env=env)
    assert _version(shimmed.stdout + shimmed.stderr) >= FIXED_LIBRDKAFKA, shimmed.stdout
    return env


class Kcat:
    def __init__(self, scratch: Path) -> None:
        self._env = _library_env(scratch / "librdkafka")

    def run(
        self, config: Mapping[str, str], *args: str, stdin: bytes | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        # kcat names the brokers with -b; the rest of the librdkafka config goes as -X.
        options = [
            item
            for key, value in config.items()
            if key != "bootstrap.servers"
            for item in ("-X", f"{key}={value}")
        ]
        return subprocess.run(
            ["kcat", "-b", config["bootstrap.servers"], *options, "-m", "10", *args],
            input=stdin,
            capture_output=True,
            timeout=60,
            check=False,
            env={**os.environ, **self._env},
        )

    def consume(
        self, config: Mapping[str, str], topic: str, *extra: str
    ) -> subprocess.CompletedProcess[bytes]:
        """Everything on ``topic`` from the beginning, one value per line; exits at the end."""
        return self.run(config, "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%s\\n", *extra)

    def consume_in_group(
        self, config: Mapping[str, str], group: str, topic: str
    ) -> subprocess.CompletedProcess[bytes]:
        """The same, as a member of consumer group ``group`` (kcat's balanced consumer)."""
        earliest = {**config, "auto.offset.reset": "earliest"}
        return self.run(earliest, "-G", group, "-e", "-f", "%s\\n", topic)

    def produce(
        self, config: Mapping[str, str], topic: str, value: bytes
    ) -> subprocess.CompletedProcess[bytes]:
        # Always with a key: the person-event topics are compacted, and a compacted topic
        # refuses a message without one (the refusal under test is the ACL's, not that).
        return self.run(config, "-P", "-t", topic, "-k", "kcat", stdin=value + b"\n")
