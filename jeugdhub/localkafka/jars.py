"""Obtain the Apache Kafka broker jars from Maven Central through deploy/kafka/pom.xml.

The Kafka version is pinned in the pom alone; this module reads it from there. A folder of
jars counts as complete only after Maven finished, marked by a stamp file, so an
interrupted download is resumed rather than used half-way.
"""

import logging
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from jeugdhub.localkafka.errors import BrokerSetupError

_POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
_COMPLETE_STAMP = ".complete"
log = logging.getLogger(__name__)
MIN_JAVA_MAJOR = 17


def kafka_version(pom: Path) -> str:
    """The Kafka version pinned in the pom's ``kafka.version`` property."""
    try:
        root = ET.parse(pom).getroot()
    except (OSError, ET.ParseError) as exc:
        raise BrokerSetupError(f"Cannot read the Kafka pin in {pom}: {exc}") from exc
    version = root.findtext("m:properties/m:kafka.version", namespaces=_POM_NS)
    if not version:
        raise BrokerSetupError(f"{pom} has no <kafka.version> property.")
    return version.strip()


def libs_dir(cache_dir: Path, version: str) -> Path:
    return cache_dir / f"kafka-{version}" / "libs"


def java_executable() -> str:
    """The path of a Java 17+ runtime, or a clear error saying what to install."""
    java = shutil.which("java")
    if java is None:
        raise BrokerSetupError(
            "Java is not installed. The local Kafka broker needs Java 17 or newer: "
            "install it (Debian: apt-get install openjdk-17-jre-headless) and retry."
        )
    result = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if match is None:
        raise BrokerSetupError(f"Could not tell the version of {java}; need Java 17 or newer.")
    major = int(match.group(1))
    if major == 1 and match.group(2):  # "1.8.0" style numbering
        major = int(match.group(2))
    if major < MIN_JAVA_MAJOR:
        raise BrokerSetupError(
            f"{java} is Java {major}; Kafka 4 needs Java {MIN_JAVA_MAJOR} or newer. "
            "Install a newer JDK or put it first on PATH."
        )
    return java


def ensure_jars(pom: Path, cache_dir: Path) -> Path:
    """Resolve the broker jars once; returns the folder holding them."""
    version = kafka_version(pom)
    target = libs_dir(cache_dir, version)
    if (target / _COMPLETE_STAMP).exists():
        return target
    mvn = shutil.which("mvn")
    if mvn is None:
        raise BrokerSetupError(
            "Maven is not installed. jeugdhub obtains the Kafka broker from Maven Central "
            "with it: install Maven (Debian: apt-get install maven) and retry."
        )
    log.info("Resolving Apache Kafka %s from Maven Central into %s ...", version, target)
    command = [mvn, "-q", "-B", "-f", str(pom), f"-Dkafka.libs={target}", "package"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise BrokerSetupError(
            f"Maven could not resolve Apache Kafka {version} (exit code {result.returncode}). "
            "Check that Maven Central is reachable (proxy settings in ~/.m2/settings.xml) "
            f"and retry with `jeugdhub kafka fetch`. Maven said:\n{tail}"
        )
    if not any(target.glob("kafka_*.jar")):
        raise BrokerSetupError(f"Maven finished but left no Kafka jar in {target}.")
    (target / _COMPLETE_STAMP).write_text(version + "\n")
    log.info("Resolved %d jars.", sum(1 for _ in target.glob("*.jar")))
    return target
