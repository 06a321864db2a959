"""The edge is the only way in: no module but the publisher can put an event on Kafka."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("jeugdhub", "connectors", "privacy", "schemas", "streams", "feeds", "registry")
PUBLISHER = REPO / "connectors" / "publisher.py"
EGRESS = REPO / "feeds" / "egress" / "process.py"
AUDIT_WRITER = REPO / "privacy" / "audit" / "writer.py"
EVENT_TOPIC_NAMES = {"CARE_EVENTS", "JUSTICE_EVENTS", "CAPACITY", "EVENT_TOPICS"}


def _sources() -> list[Path]:
    return [path for package in PACKAGES for path in (REPO / package).rglob("*.py")]


def _names_used(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    return names


def test_only_the_publisher_makes_a_kafka_producer() -> None:
    makers = [p for p in _sources() if "AIOKafkaProducer" in _names_used(p)]

    assert makers == [PUBLISHER]


def _event_topics_imported(path: Path) -> bool:
    """Whether the module imports the event topics' names from ``schemas.topics``."""
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "schemas.topics"
        and EVENT_TOPIC_NAMES & {alias.name for alias in node.names}
        for node in ast.walk(ast.parse(path.read_text()))
    )


def test_only_the_publisher_sends_to_the_event_topics() -> None:
    # catalog.py routes events to them for the publisher; accepted.py, the stream worker
    # subjects.py (a data-subject export) and key_migration.py (which hands the publisher
    # re-keyed copies) read them, the ACLs say who may, and the two entry points check
    # they exist.
    allowed = {
        REPO / "schemas" / "catalog.py",
        REPO / "connectors" / "accepted.py",
        REPO / "privacy" / "subjects.py",
        REPO / "connectors" / "key_migration.py",
        REPO / "connectors" / "runtime.py",
        REPO / "streams" / "worker" / "app.py",
        REPO / "jeugdhub" / "acls.py",
        REPO / "jeugdhub" / "cli" / "worker.py",
    }
    users = {p for p in _sources() if _event_topics_imported(p)}

    assert users <= allowed
    assert "topic_for" in _names_used(PUBLISHER)


def test_only_the_egress_process_writes_feeds() -> None:
    # Every producer comes from the publisher's durable_producer: the ingest pipeline's
    # (runtime.py, for the publisher), the egress process's, which sends only what the
    # regime's protection returned, the registry's one writer of changes, and the audit
    # writer's, which sends only audit entries.
    makers = {p for p in _sources() if "durable_producer" in _names_used(p)}

    assert makers == {
        REPO / "connectors" / "runtime.py",
        EGRESS,
        REPO / "registry" / "changes.py",
        AUDIT_WRITER,
    }


def test_the_publisher_takes_only_vetted_events() -> None:
    tree = ast.parse(PUBLISHER.read_text())
    publish = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.AsyncFunctionDef) and node.name == "publish"
    )
    annotation = publish.args.args[1].annotation

    assert isinstance(annotation, ast.Name) and annotation.id == "VettedEvent"
