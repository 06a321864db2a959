"""The deployment files validate with tools installable here, say the same as the code,
and name the one Kafka version deploy/kafka/pom.xml pins.

- compose: ``docker-compose config`` (Debian's docker-compose; no container runs);
- Kubernetes kinds: kubernetes-validate (strict: an unknown field is an error);
- Strimzi kinds: the openAPIV3Schema of Strimzi's own CRDs (``strimzi-crds/``), with
  unknown fields refused as ``kubectl --validate=strict`` would.
"""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from jeugdhub.acls import hub_grants
from jeugdhub.kafka_access import HubPrincipal
from jeugdhub.localkafka.jars import kafka_version
from schemas.topics import CORE_TOPICS
from tests.operators.strimzi_acls import normalised, strimzi_acls

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
KUBERNETES = DEPLOY / "kubernetes"
COMPOSE = DEPLOY / "compose.yaml"
WORKER_APP_ID = "jeugdhub-streams"  # the default the manifests run with


def _documents(name: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all((KUBERNETES / name).read_text()) if doc]


def _manifests() -> list[dict[str, Any]]:
    return [doc for path in sorted(KUBERNETES.glob("*.yaml")) for doc in _documents(path.name)]


def _crd_schemas() -> dict[tuple[str, str], dict[str, Any]]:
    """(apiVersion, kind) -> the schema of that version of a Strimzi resource."""
    schemas = {}
    for path in (KUBERNETES / "strimzi-crds").glob("*.yaml"):
        crd = yaml.safe_load(path.read_text())
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            schema = version["schema"]["openAPIV3Schema"]
            schemas[(f"{group}/{version['name']}", kind)] = _strict(schema)
    return schemas


def _strict(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema refusing fields it does not name (the API server would drop them)."""
    schema = dict(schema)
    if "properties" in schema and not schema.get("x-kubernetes-preserve-unknown-fields"):
        schema.setdefault("additionalProperties", False)
        schema["properties"] = {k: _strict(v) for k, v in schema["properties"].items()}
        schema["properties"].setdefault("apiVersion", {"type": "string"})
        schema["properties"].setdefault("kind", {"type": "string"})
        schema["properties"].setdefault("metadata", {"type": "object"})
    if isinstance(schema.get("items"), dict):
        schema["items"] = _strict(schema["items"])
    return schema


def test_compose_file_is_valid_for_docker_compose() -> None:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail("docker-compose is not installed: apt-get install docker-compose (.ci/run)")
    checked = subprocess.run(
        [binary, "-f", str(COMPOSE), "config"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=DEPLOY,
    )
    assert checked.returncode == 0, checked.stderr
    services = yaml.safe_load(checked.stdout)["services"]
    wanted = {"kafka-1", "kafka-2", "kafka-3", "gateway", "worker", "egress", "feed-api"}
    assert wanted | {"prometheus", "grafana"} <= set(services)


def test_kubernetes_resources_validate_strictly() -> None:
    built_in = [doc for doc in _manifests() if not doc["apiVersion"].startswith("kafka.")]
    assert {doc["kind"] for doc in built_in} >= {"Deployment", "Service"}
    for doc in built_in:
        kubernetes_validate.validate(doc, kubernetes_validate.latest_version(), strict=True)


def test_strimzi_resources_validate_against_strimzis_crds() -> None:
    schemas = _crd_schemas()
    strimzi = [doc for doc in _manifests() if doc["apiVersion"].startswith("kafka.strimzi.io")]
    assert {doc["kind"] for doc in strimzi} == {"Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser"}
    for doc in strimzi:
        schema = schemas[(doc["apiVersion"], doc["kind"])]
        jsonschema.validate(doc, schema)


def test_a_misspelt_field_is_refused() -> None:
    (kafka,) = [doc for doc in _documents("kafka.yaml") if doc["kind"] == "Kafka"]
    kafka["spec"]["kafka"]["listners"] = kafka["spec"]["kafka"].pop("listeners")
    with pytest.raises(jsonschema.ValidationError, match="listners"):
        jsonschema.validate(kafka, _crd_schemas()[(kafka["apiVersion"], "Kafka")])


def test_users_have_exactly_the_local_acls() -> None:
    users = {doc["metadata"]["name"]: doc for doc in _documents("users.yaml")}
    grants = hub_grants(WORKER_APP_ID)
    assert set(users) == {principal.value for principal in grants}
    for principal, granted in grants.items():
        spec = users[principal.value]["spec"]
        assert spec["authentication"] == {"type": "scram-sha-512"}
        assert spec["authorization"]["type"] == "simple"
        assert normalised(spec["authorization"]["acls"]) == strimzi_acls(granted), principal


def test_topics_are_the_hubs_with_three_replicas() -> None:
    topics = {doc["spec"]["topicName"]: doc["spec"] for doc in _documents("topics.yaml")}
    assert topics == {
        spec.name: {
            "topicName": spec.name,
            "partitions": spec.partitions,
            "replicas": 3,
            "config": dict(spec.config),
        }
        for spec in CORE_TOPICS
    }


def test_each_process_logs_in_as_its_own_user() -> None:
    deployments = [
        doc for doc in _documents("hub.yaml") if doc["kind"] in {"Deployment", "StatefulSet"}
    ]
    # jeugdhub-audit, like the admin, is an operator's: `audit`, `keys` and `tokens` are run
    # by hand, not deployed (and `audit watch-broker` runs beside the brokers' log files).
    by_hand = {HubPrincipal.ADMIN.value, HubPrincipal.AUDIT.value}
    users = {principal.value for principal in HubPrincipal} - by_hand
    seen = set()
    for deployment in deployments:
        pod = deployment["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        env = {item["name"]: item.get("value") for item in container.get("env", [])}
        user = env["JEUGDHUB_KAFKA_USERNAME"]
        secrets = {v["secret"]["secretName"] for v in pod["volumes"] if "secret" in v}
        assert user in users and user in secrets, deployment["metadata"]["name"]
        seen.add(user)
    assert seen == users


def test_every_kafka_version_is_the_pinned_one() -> None:
    pinned = kafka_version(DEPLOY / "kafka" / "pom.xml")
    (kafka,) = [doc for doc in _documents("kafka.yaml") if doc["kind"] == "Kafka"]
    assert kafka["spec"]["kafka"]["version"] == pinned
    images = re.findall(r"image:\s*(\S+)", COMPOSE.read_text())
    kafka_images = [image for image in images if image.startswith("apache/kafka")]
    assert kafka_images == [f"apache/kafka:{pinned}"]
