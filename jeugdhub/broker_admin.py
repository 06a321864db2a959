"""Principals and ACLs on the broker, through confluent-kafka's admin client.

aiokafka's admin client has no ACL or SCRAM calls; confluent-kafka (librdkafka) has both
(``create_acls``, ``describe_acls``, ``delete_acls``, ``alter_user_scram_credentials``).
Every call here is made as the admin principal and waits for the broker's answer; a
refusal or a timeout is a :class:`BrokerAdminError` naming what was being done.
"""

import time
from collections.abc import Iterable
from concurrent.futures import Future
from typing import Any

from confluent_kafka import ConsumerGroupState, KafkaException
from confluent_kafka.admin import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    ResourcePatternType,
    ResourceType,
    ScramCredentialInfo,
    ScramMechanism,
    UserScramCredentialDeletion,
    UserScramCredentialUpsertion,
)

from jeugdhub.acls import Grant
from jeugdhub.errors import JeugdhubError
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_probe import answers_metadata

# Kafka's minimum for SCRAM-SHA-512; the passwords are random, so more rounds add nothing.
_SCRAM_ITERATIONS = 4096
_TIMEOUT_S = 30.0
_ANY_HOST = "*"


class BrokerAdminError(JeugdhubError):
    """The broker refused or did not answer an admin request."""


def _wait(futures: Iterable[Future[Any]], doing: str) -> list[Any]:
    try:
        return [future.result(timeout=_TIMEOUT_S) for future in futures]
    except (KafkaException, TimeoutError) as error:
        raise BrokerAdminError(
            f"The broker did not {doing} ({error}); check that it runs and that the "
            "admin credentials are those of its super user."
        ) from None


class BrokerAdmin:
    def __init__(self, admin: KafkaAccess) -> None:
        config: dict[str, str | int | float | bool] = {**admin.librdkafka_config()}
        self._client = AdminClient(config)

    # -- SCRAM users ------------------------------------------------------------------

    def set_password(self, user: str, password: str) -> None:
        """Create the SCRAM-SHA-512 user, or give it this password (idempotent)."""
        info = ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, _SCRAM_ITERATIONS)
        upsert = UserScramCredentialUpsertion(user, info, password.encode())
        _wait(self._client.alter_user_scram_credentials([upsert]).values(), f"set {user}")

    def wait_until_user_logs_in(self, user_access: KafkaAccess) -> None:
        """Return once the broker accepts ``user_access``'s login.

        The controller acknowledges a new credential before the broker serving clients
        has applied it, so a client that logs in at once can still be refused.
        """
        deadline = time.monotonic() + _TIMEOUT_S
        while not answers_metadata(user_access):
            if time.monotonic() > deadline:
                raise BrokerAdminError(
                    f"The broker still refuses the new Kafka user {user_access.username} "
                    f"after {_TIMEOUT_S:.0f} s; see its log."
                )
            time.sleep(0.2)

    def delete_user(self, user: str) -> None:
        """Remove the user's SCRAM credential; a user without one is left as it is."""
        deletion = UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512)
        futures = self._client.alter_user_scram_credentials([deletion])
        try:
            for future in futures.values():
                future.result(timeout=_TIMEOUT_S)
        except KafkaException as error:
            if "RESOURCE_NOT_FOUND" not in str(error):
                raise BrokerAdminError(
                    f"The broker did not delete user {user} ({error})."
                ) from None

    # -- consumer groups --------------------------------------------------------------

    def wait_until_group_is_stable(self, group: str, timeout_s: float) -> bool:
        """Whether ``group`` has members and has finished its rebalance within the time."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            (future,) = self._client.describe_consumer_groups([group]).values()
            try:
                description = future.result(timeout=_TIMEOUT_S)
            except KafkaException:
                description = None  # no coordinator for the group yet: it is still forming
            if (
                description is not None
                and description.state == ConsumerGroupState.STABLE
                and description.members
            ):
                return True
            time.sleep(0.5)
        return False

    # -- ACLs -------------------------------------------------------------------------

    def grants_of(self, user: str) -> set[Grant]:
        """The ALLOW ACLs the broker holds for ``user``."""
        found = _wait([self._client.describe_acls(_all_of(user))], f"list the ACLs of {user}")
        return {
            Grant(acl.restype, acl.name, acl.resource_pattern_type, acl.operation)
            for acl in found[0]
            if acl.permission_type == AclPermissionType.ALLOW
        }

    def set_grants(self, user: str, grants: Iterable[Grant]) -> None:
        """Make the user's ACLs exactly ``grants``: add the missing, delete the others."""
        wanted = set(grants)
        held = self.grants_of(user)
        missing = [_binding(user, grant) for grant in wanted - held]
        if missing:
            _wait(self._client.create_acls(missing).values(), f"create the ACLs of {user}")
        extra = [_filter(user, grant) for grant in held - wanted]
        if extra:
            _wait(self._client.delete_acls(extra).values(), f"delete old ACLs of {user}")

    def revoke_all(self, user: str) -> None:
        _wait(self._client.delete_acls([_all_of(user)]).values(), f"delete the ACLs of {user}")


def _binding(user: str, grant: Grant) -> AclBinding:
    return AclBinding(*_acl_fields(user, grant))


def _filter(user: str, grant: Grant) -> AclBindingFilter:
    return AclBindingFilter(*_acl_fields(user, grant))


def _acl_fields(user: str, grant: Grant) -> tuple[Any, ...]:
    """What an ACL binding and the filter that finds exactly it are made of."""
    return (
        grant.resource,
        grant.name,
        grant.pattern,
        f"User:{user}",
        _ANY_HOST,
        grant.operation,
        AclPermissionType.ALLOW,
    )


def _all_of(user: str) -> AclBindingFilter:
    # None matches any resource name and any host; confluent-kafka's annotations say str.
    return AclBindingFilter(
        ResourceType.ANY,
        None,  # type: ignore[arg-type]
        ResourcePatternType.ANY,
        f"User:{user}",
        None,  # type: ignore[arg-type]
        AclOperation.ANY,
        AclPermissionType.ANY,
    )
