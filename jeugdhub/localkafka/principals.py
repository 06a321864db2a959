"""The passwords of the hub's Kafka principals, kept in the broker's state folder.

One file per principal, ``<state>/kafka/principals/<name>.json``, mode 600 in a folder of
mode 700: the local broker's admin password is made before the storage is formatted (the
admin's SCRAM credential is written into the metadata log then), the others when
``jeugdhub kafka start`` (or ``kafka setup`` for an external cluster) creates them. A
password is made once and kept, so a restart gives every process the same credentials.
"""

import json
import os
import secrets
from pathlib import Path

from jeugdhub.kafka_access import HubPrincipal, KafkaAccess, KafkaCredentialsError


class PrincipalFiles:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, principal: HubPrincipal) -> Path:
        return self.folder / f"{principal.value}.json"

    def password(self, principal: HubPrincipal) -> str:
        """The kept password of ``principal``; a new random one is made and kept if none."""
        path = self.path(principal)
        if not path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            os.chmod(self.folder, 0o700)
            temporary = path.with_suffix(".tmp")
            # Created with mode 600 from the start: never readable by others, not even briefly.
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            new = {"username": principal.value, "password": secrets.token_urlsafe(32)}
            with os.fdopen(descriptor, "w") as file:
                json.dump(new, file)
            os.replace(temporary, path)
        return self._read(principal)

    def _read(self, principal: HubPrincipal) -> str:
        path = self.path(principal)
        try:
            password: str = json.loads(path.read_text())["password"]
        except FileNotFoundError:
            raise KafkaCredentialsError(
                f"No credentials for Kafka user {principal.value} in {self.folder}: run "
                "`jeugdhub kafka start` (it creates the hub's principals) and try again."
            ) from None
        except (OSError, ValueError, KeyError, TypeError):
            raise KafkaCredentialsError(
                f"{path} is unreadable or not a credentials file; remove it and run "
                "`jeugdhub kafka start` to make new credentials."
            ) from None
        return password

    def access(self, bootstrap_servers: str, principal: HubPrincipal) -> KafkaAccess:
        return KafkaAccess(bootstrap_servers, principal.value, self._read(principal))
