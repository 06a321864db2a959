"""The hub's ACLs (``jeugdhub.acls``) in the form of a Strimzi ``KafkaUser``'s
``spec.authorization.acls``, to compare with the manifests."""

from typing import Any

from confluent_kafka.admin import AclOperation, ResourcePatternType, ResourceType

from jeugdhub.acls import Grant

_RESOURCE = {
    ResourceType.TOPIC: "topic",
    ResourceType.GROUP: "group",
    ResourceType.BROKER: "cluster",
}
_PATTERN = {ResourcePatternType.LITERAL: "literal", ResourcePatternType.PREFIXED: "prefix"}


def _operation(operation: AclOperation) -> str:
    return "".join(part.capitalize() for part in operation.name.split("_"))  # IdempotentWrite


def strimzi_acls(grants: list[Grant]) -> list[dict[str, Any]]:
    """One rule per resource with its operations, sorted, as the manifests write them."""
    rules: dict[tuple[str, str, str], set[str]] = {}
    for grant in grants:
        kind = _RESOURCE[grant.resource]
        name = "" if kind == "cluster" else grant.name
        pattern = "" if kind == "cluster" else _PATTERN[grant.pattern]
        rules.setdefault((kind, name, pattern), set()).add(_operation(grant.operation))
    return [
        {
            "resource": {"type": kind} | ({"name": name, "patternType": pattern} if name else {}),
            "operations": sorted(operations),
        }
        for (kind, name, pattern), operations in sorted(rules.items())
    ]


def normalised(acls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A manifest's rules in the same order and form (host left out: always all hosts)."""
    rules = [
        {"resource": rule["resource"], "operations": sorted(rule["operations"])} for rule in acls
    ]
    return sorted(
        rules,
        key=lambda r: (
            r["resource"]["type"],
            r["resource"].get("name", ""),
            r["resource"].get("patternType", ""),
        ),
    )
