"""The gateway over real HTTP, against the real broker."""

import json
from pathlib import Path

import httpx

from connectors.deadletters import DeadLetterSealer
from jeugdhub.bearer_tokens import token_id_of
from jeugdhub.kafka_access import KafkaAccess
from schemas.codec import decode_any, decode_record
from schemas.deadletter import DeadLetter
from schemas.topics import CARE_EVENTS, DEADLETTER
from tests.factories import Identity
from tests.gateway.conftest import RunningGateway, events_batch
from tests.kafka_reading import event_id_counts, read_to_end


def _post(gateway: RunningGateway, body: object, who: str = "provider") -> httpx.Response:
    return httpx.post(
        f"{gateway.url}/v1/events",
        content=json.dumps(body).encode(),
        headers=gateway.headers(who),
        timeout=60,
    )


async def _dead_letter(access: KafkaAccess, letter_id: str) -> DeadLetter:
    for record in await read_to_end(access, [DEADLETTER]):
        letter = decode_any(record.value)
        if isinstance(letter, DeadLetter) and letter.dead_letter_id == letter_id:
            return letter
    raise AssertionError(f"dead letter {letter_id} is not on the topic")


def test_health_ready_and_openapi_are_served(gateway: RunningGateway) -> None:
    assert httpx.get(f"{gateway.url}/health").json() == {"status": "alive"}
    assert httpx.get(f"{gateway.url}/ready").status_code == 200
    spec = httpx.get(f"{gateway.url}/openapi.json").json()
    assert {"/v1/events", "/v1/ijw"} <= set(spec["paths"])


def test_missing_bad_or_revoked_token_is_401(gateway: RunningGateway) -> None:
    url = f"{gateway.url}/v1/events"
    body = json.dumps(events_batch("auth")).encode()
    assert httpx.post(url, content=body).status_code == 401
    bad = {"Authorization": "Bearer jh_nope_nope", "Content-Type": "application/json"}
    assert httpx.post(url, content=body, headers=bad).status_code == 401
    real_id = token_id_of(gateway.tokens["provider"])
    wrong_secret = {**bad, "Authorization": f"Bearer jh_{real_id}_{'x' * 43}"}
    assert httpx.post(url, content=body, headers=wrong_secret).status_code == 401
    revoked = httpx.post(url, content=body, headers=gateway.headers("revoked"))
    assert revoked.status_code == 401
    assert "Bearer" in revoked.json()["detail"]


def test_provider_cannot_report_for_another_provider(gateway: RunningGateway) -> None:
    body = events_batch("forged")
    body["records"][0]["source"] = {"organisation_type": "PROVIDER", "code": "99000001"}

    response = _post(gateway, body, who="other_provider")

    assert response.status_code == 403
    assert "records[0].source" in response.json()["detail"]


async def test_same_batch_posted_twice_yields_one_set_of_events(
    gateway: RunningGateway, kafka_admin: KafkaAccess
) -> None:
    body = events_batch("twice")

    first = _post(gateway, body)
    second = _post(gateway, body)

    assert first.status_code == 200, first.text
    assert first.json()["accepted"] == len(body["records"])
    assert second.status_code == 200
    assert second.json()["duplicates"] == len(body["records"])
    ids = {r["event_id"] for r in first.json()["results"]}
    assert len(ids) == len(body["records"])
    on_topic = await event_id_counts(kafka_admin, [CARE_EVENTS])
    assert {event_id: on_topic[event_id] for event_id in ids} == dict.fromkeys(ids, 1)


async def test_malformed_json_is_400_and_kept_encrypted_as_dead_letter(
    gateway: RunningGateway, kafka_admin: KafkaAccess
) -> None:
    body = b'{"records": [{"bsn": "999991103", '

    response = httpx.post(
        f"{gateway.url}/v1/events", content=body, headers=gateway.headers(), timeout=30
    )

    assert response.status_code == 400
    assert "body: is not valid JSON" in response.json()["detail"]
    letter = await _dead_letter(kafka_admin, response.json()["dead_letter_id"])
    assert b"999991103" not in letter.payload_ciphertext
    assert DeadLetterSealer(gateway.keystore()).open(letter) == body


async def test_bad_records_are_named_precisely_and_dead_lettered_alone(
    gateway: RunningGateway, kafka_admin: KafkaAccess
) -> None:
    body = events_batch("mixed")
    good = body["records"][0]
    bad_bsn = {**events_batch("bad-bsn", Identity(bsn="999991104"))["records"][0]}
    wrong_type = {**events_batch("wrong-type")["records"][0], "occurred_at": 12}
    unknown_code = {**events_batch("unknown")["records"][0], "care": {"care_function": "spa-days"}}

    response = _post(gateway, {"records": [good, bad_bsn, wrong_type, unknown_code]})

    assert response.status_code == 207
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected", "rejected", "rejected"]
    assert [p["field"] for p in results[1]["problems"]] == ["youth.bsn"]
    assert "999991104" not in response.text
    assert results[2]["problems"][0]["field"] == "occurred_at"
    assert "unknown care function code 'spa-days'" in results[3]["problems"][0]["reason"]
    letter = await _dead_letter(kafka_admin, results[1]["dead_letter_id"])
    assert [p.field for p in letter.problems] == ["youth.bsn"]
    assert json.loads(DeadLetterSealer(gateway.keystore()).open(letter))["youth"]["bsn"] == (
        "999991104"
    )


def test_all_rejected_is_422(gateway: RunningGateway) -> None:
    body = {"records": [events_batch("all-bad", Identity(bsn="123"))["records"][0]]}

    response = _post(gateway, body)

    assert response.status_code == 422
    assert response.json()["rejected"] == 1


def test_oversized_body_and_batch_are_413(gateway: RunningGateway) -> None:
    huge = {"records": [], "padding": "x" * 300_000}
    too_many = {"records": [{"event_type": "PlacementStarted"}] * 601}

    body_response = _post(gateway, huge)
    batch_response = _post(gateway, too_many)

    assert body_response.status_code == 413
    assert "exceeds the limit" in body_response.json()["detail"]
    assert body_response.json()["dead_letter_id"]
    assert batch_response.status_code == 413
    assert "at most 600" in batch_response.json()["detail"]


def test_wrong_content_type_is_415(gateway: RunningGateway) -> None:
    response = httpx.post(
        f"{gateway.url}/v1/events",
        content=b"<x/>",
        headers=gateway.headers(content_type="application/xml"),
    )
    assert response.status_code == 415


async def test_events_from_the_gateway_decode_with_the_contract(
    gateway: RunningGateway, kafka_admin: KafkaAccess
) -> None:
    body = events_batch("decode")
    response = _post(gateway, body)
    ids = {r["event_id"] for r in response.json()["results"]}
    assert response.status_code == 200, response.text
    assert len(ids) == len(body["records"])

    names = [
        decode_record(record.value)[0]
        for record in await read_to_end(kafka_admin, [CARE_EVENTS])
        if dict(record.headers).get("event-id", b"").decode() in ids
    ]

    assert len(names) == len(ids)


IJW_FIXTURES = Path(__file__).resolve().parents[1] / "ijw" / "fixtures"


def _post_ijw(gateway: RunningGateway, body: bytes, who: str = "provider") -> httpx.Response:
    return httpx.post(
        f"{gateway.url}/v1/ijw",
        content=body,
        headers=gateway.headers(who, content_type="application/xml"),
        timeout=60,
    )


async def test_same_ijw_message_posted_twice_yields_one_set_of_events(
    gateway: RunningGateway, kafka_admin: KafkaAccess
) -> None:
    message = (IJW_FIXTURES / "jw305.xml").read_bytes()

    first = _post_ijw(gateway, message)
    second = _post_ijw(gateway, message)

    assert first.status_code == 200, first.text
    assert first.json()["accepted"] >= 1
    assert second.json()["duplicates"] == first.json()["accepted"]
    ids = {r["event_id"] for r in first.json()["results"]}
    assert len(ids) == first.json()["accepted"]
    on_topic = await event_id_counts(kafka_admin, [CARE_EVENTS])
    assert {event_id: on_topic[event_id] for event_id in ids} == dict.fromkeys(ids, 1)


def test_ijw_message_of_another_sender_is_403(gateway: RunningGateway) -> None:
    message = (IJW_FIXTURES / "jw305.xml").read_bytes()  # Afzender 99000001

    assert _post_ijw(gateway, message, who="other_provider").status_code == 403


def test_xml_with_entities_is_rejected_without_expansion(
    gateway: RunningGateway, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MARKER-4412")
    for hostile in (
        b'<?xml version="1.0"?><!DOCTYPE Bericht><Bericht/>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<Bericht>&b;</Bericht>",
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
        "<Bericht>&e;</Bericht>".encode(),
    ):
        response = _post_ijw(gateway, hostile)

        assert response.status_code == 422, response.text
        assert response.json()["results"][0]["status"] == "rejected"
        assert "MARKER-4412" not in response.text
