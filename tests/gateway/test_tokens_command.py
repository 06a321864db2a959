"""``jeugdhub tokens``: issue, list and revoke, as an operator runs them, on a running gateway."""

import json
import time

import httpx

from jeugdhub.bearer_tokens import token_id_of
from tests.commands import run_jeugdhub
from tests.gateway.conftest import RunningGateway, events_batch

PROVIDER_CODE = "99000001"  # a provider of the demo registry


def _post_with(gateway: RunningGateway, token: str, prefix: str) -> httpx.Response:
    return httpx.post(
        f"{gateway.url}/v1/events",
        content=json.dumps(events_batch(prefix)).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=60,
    )


def _listed_line(gateway: RunningGateway, token_id: str) -> str:
    listed = run_jeugdhub(gateway.env, "tokens", "list")
    assert listed.returncode == 0, listed.stderr
    return next(line for line in listed.stdout.splitlines() if line.startswith(f"{token_id} "))


def test_an_issued_token_is_accepted_listed_without_its_secret_and_refused_once_revoked(
    gateway: RunningGateway,
) -> None:
    issued = run_jeugdhub(
        gateway.env, "tokens", "issue", "--type", "PROVIDER", "--code", PROVIDER_CODE
    )
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    token_id = token_id_of(token)
    assert token_id is not None
    assert issued.stdout == f"{token}\n"  # the token alone on stdout, for a script to take
    assert token_id in issued.stderr

    assert _post_with(gateway, token, "tokens-issued").status_code == 200
    line = _listed_line(gateway, token_id)
    assert line.split()[:3] == [token_id, "PROVIDER", PROVIDER_CODE]
    assert line.endswith(" active")
    assert token.split("_", 2)[2] not in line

    revoked = run_jeugdhub(gateway.env, "tokens", "revoke", token_id)
    assert (revoked.returncode, revoked.stdout) == (0, "")  # quiet success
    assert " revoked " in _listed_line(gateway, token_id)
    # The gateway rereads the store when it changes: no restart is needed.
    deadline = time.monotonic() + 30
    while (status := _post_with(gateway, token, "tokens-revoked").status_code) == 200:
        assert time.monotonic() < deadline, "the gateway still accepts a revoked token"
        time.sleep(0.2)
    assert status == 401


def test_revoking_an_unknown_token_id_names_it_and_points_to_the_list(
    gateway: RunningGateway,
) -> None:
    revoked = run_jeugdhub(gateway.env, "tokens", "revoke", "000000000000")

    assert revoked.returncode == 1
    assert "no token with id '000000000000'" in revoked.stderr
    assert "jeugdhub tokens list" in revoked.stderr


def test_issuing_for_an_unregistered_organisation_is_refused_and_stores_nothing(
    gateway: RunningGateway,
) -> None:
    before = run_jeugdhub(gateway.env, "tokens", "list").stdout

    issued = run_jeugdhub(
        gateway.env, "tokens", "issue", "--type", "PROVIDER", "--code", "12345678"
    )

    assert issued.returncode == 1
    assert issued.stdout == ""
    assert "--code" in issued.stderr
    assert run_jeugdhub(gateway.env, "tokens", "list").stdout == before
