"""The subscriber store: scope validation per regime, tokens kept as hashes, removal."""

import json
import stat
from pathlib import Path

import pytest

from feeds.subscribers import SubscriberError, SubscriberStore
from jeugdhub.errors import InvalidInputError


@pytest.fixture
def store(tmp_path: Path) -> SubscriberStore:
    return SubscriberStore(tmp_path / "feeds" / "subscribers.json")


@pytest.mark.parametrize(
    ("regime", "scope", "kept"),
    [
        ("municipality", "GM0344", "0344"),
        ("region", "utrecht-stad", "utrecht-stad"),
        ("provider", "99000001", "99000001"),
        ("certified-institution", "gi-svmn", "gi-svmn"),
        ("supra-regional", None, None),
        ("public", None, None),
    ],
)
def test_each_regime_takes_its_kind_of_scope(
    store: SubscriberStore, regime: str, scope: str | None, kept: str | None
) -> None:
    subscriber, _ = store.add("recipient-1", regime, scope)
    assert (subscriber.regime, subscriber.scope) == (regime, kept)
    assert subscriber.feed_topic == "jeugdhub.feed.recipient-1.v1"
    assert subscriber.principal == "feed-recipient-1"


@pytest.mark.parametrize(
    ("name", "regime", "scope", "field"),
    [
        ("Utrecht", "region", "utrecht-stad", "name"),
        ("a", "region", "utrecht-stad", "name"),
        ("-lead", "region", "utrecht-stad", "name"),
        ("ok-name", "police", None, "regime"),
        ("ok-name", "region", "atlantis", "scope"),
        ("ok-name", "region", None, "scope"),
        ("ok-name", "municipality", "9999", "scope"),
        ("ok-name", "provider", "1234", "scope"),
        ("ok-name", "provider", "12345678", "scope"),
        ("ok-name", "certified-institution", "gi-none", "scope"),
        ("ok-name", "public", "utrecht-stad", "scope"),
    ],
)
def test_bad_subscription_names_the_field(
    store: SubscriberStore, name: str, regime: str, scope: str | None, field: str
) -> None:
    with pytest.raises(InvalidInputError) as raised:
        store.add(name, regime, scope)
    assert raised.value.field == field
    assert not store.path.exists()


def test_token_finds_its_subscriber_and_only_the_hash_is_kept(store: SubscriberStore) -> None:
    first, first_token = store.add("utrecht-stad", "region", "utrecht-stad")
    second, second_token = store.add("eemland", "region", "eemland")
    assert store.by_token(first_token) == first
    assert store.by_token(second_token) == second
    written = store.path.read_text()
    assert first_token.split("_", 2)[2] not in written
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


@pytest.mark.parametrize("mangle", ["secret", "id", "prefix", "empty"])
def test_a_wrong_token_finds_nobody(store: SubscriberStore, mangle: str) -> None:
    _, token = store.add("utrecht-stad", "region", "utrecht-stad")
    prefix, token_id, secret = token.split("_", 2)
    wrong = {
        "secret": f"{prefix}_{token_id}_{secret[:-1]}x" if secret[-1] != "x" else token[:-1] + "y",
        "id": f"{prefix}_000000000000_{secret}",
        "prefix": f"xx_{token_id}_{secret}",
        "empty": "",
    }[mangle]
    assert store.by_token(wrong) is None


def test_removal_ends_the_token_and_frees_the_name(store: SubscriberStore) -> None:
    _, token = store.add("eemland", "region", "eemland")
    removed = store.remove("eemland")
    assert removed.removed_at is not None
    assert store.by_token(token) is None
    assert store.active() == []
    with pytest.raises(SubscriberError):
        store.get("eemland")
    again, new_token = store.add("eemland", "region", "eemland")
    assert store.by_token(new_token) == again
    assert store.by_token(token) is None


def test_a_second_add_of_an_active_name_is_refused(store: SubscriberStore) -> None:
    store.add("eemland", "region", "eemland")
    with pytest.raises(SubscriberError):
        store.add("eemland", "region", "eemland")


def test_another_process_sees_a_change_at_once(store: SubscriberStore) -> None:
    reader = SubscriberStore(store.path)
    assert reader.active() == []
    _, token = store.add("eemland", "region", "eemland")
    assert [s.name for s in reader.active()] == ["eemland"]
    store.remove("eemland")
    assert reader.by_token(token) is None
    assert json.loads(store.path.read_text())["subscribers"][0]["removed_at"] is not None
