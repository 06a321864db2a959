"""The edge is the only way in: no module but the publisher can put an event on Kafka."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("jeugdhub", "connectors", "privacy", "schemas", "streams")
PUBLISHER = REPO / "connectors" / "publisher.py"


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


def test_only_the_publisher_sends_to_the_event_topics() -> None:
    # schemas name the topics; accepted.py and the stream worker only read them.
    allowed = {
        REPO / "schemas" / "topics.py",
        REPO / "schemas" / "catalog.py",
        REPO / "connectors" / "accepted.py",
        REPO / "streams" / "app.py",
    }
    users = {p for p in _sources() if {"CARE_EVENTS", "CAPACITY"} & _names_used(p)}

    assert users <= allowed
    assert "topic_for" in _names_used(PUBLISHER)


def test_the_publisher_takes_only_vetted_events() -> None:
    tree = ast.parse(PUBLISHER.read_text())
    publish = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.AsyncFunctionDef) and node.name == "publish"
    )
    annotation = publish.args.args[1].annotation

    assert isinstance(annotation, ast.Name) and annotation.id == "VettedEvent"
