"""Re-keyable pseudonyms: stable for one key, unlinkable across domain, scope, key and
store, and carried to a new key version without the identifier."""

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jeugdhub.errors import InvalidInputError
from privacy import pep
from privacy.keys import PSEUDONYM_DOMAINS, KeyDomain, KeyStore, KeyStoreError
from privacy.pseudonym import Pseudonymiser, Rekeyer
from tests.privacy.strategies import valid_bsns

identifiers = st.text(min_size=1, max_size=40)
scopes = st.text(max_size=30)


@pytest.fixture(scope="module")
def kek() -> bytes:
    return os.urandom(32)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, kek: bytes) -> Path:
    path = tmp_path_factory.mktemp("pseudonym") / "keystore.json"
    KeyStore.create(path, kek).rotate()  # versions 1 and 2 in every domain
    return path


@pytest.fixture(scope="module")
def pseudonymiser(store_path: Path, kek: bytes) -> Pseudonymiser:
    return Pseudonymiser(KeyStore.open(store_path, kek))


@pytest.fixture(scope="module")
def other_pseudonymiser(tmp_path_factory: pytest.TempPathFactory, kek: bytes) -> Pseudonymiser:
    path = tmp_path_factory.mktemp("other") / "keystore.json"
    return Pseudonymiser(KeyStore.create(path, kek))


@given(valid_bsns())
def test_same_bsn_and_same_key_store_give_the_same_pseudonym(
    pseudonymiser: Pseudonymiser, store_path: Path, kek: bytes, bsn: str
) -> None:
    again = Pseudonymiser(KeyStore.open(store_path, kek))
    first = pseudonymiser.pseudonymise(KeyDomain.YOUTH, bsn)
    assert first == pseudonymiser.pseudonymise(KeyDomain.YOUTH, bsn)
    assert first == again.pseudonymise(KeyDomain.YOUTH, bsn)


@given(valid_bsns(), valid_bsns())
def test_different_bsns_give_different_pseudonyms(
    pseudonymiser: Pseudonymiser, bsn: str, other: str
) -> None:
    first = pseudonymiser.pseudonymise(KeyDomain.YOUTH, bsn)
    second = pseudonymiser.pseudonymise(KeyDomain.YOUTH, other)
    assert (first == second) == (bsn == other)


@given(valid_bsns())
def test_pseudonym_is_64_hex_chars_holding_nothing_of_the_bsn(
    pseudonymiser: Pseudonymiser, bsn: str
) -> None:
    pseudonym = pseudonymiser.pseudonymise(KeyDomain.YOUTH, bsn)
    assert len(pseudonym.value) == 64
    assert set(pseudonym.value) <= set("0123456789abcdef")
    assert bsn not in repr(pseudonym)
    assert repr(pseudonym) == f"Pseudonym(value='{pseudonym.value}', key_version=2)"


@given(identifiers, st.sampled_from(list(KeyDomain)), st.sampled_from(list(KeyDomain)))
def test_other_domain_gives_unlinkable_pseudonym(
    pseudonymiser: Pseudonymiser, identifier: str, domain: KeyDomain, other: KeyDomain
) -> None:
    first = pseudonymiser.pseudonymise(domain, identifier)
    second = pseudonymiser.pseudonymise(other, identifier)
    assert (first.value == second.value) == (domain == other)


@given(identifiers, scopes, scopes)
def test_other_scope_gives_unlinkable_pseudonym(
    pseudonymiser: Pseudonymiser, identifier: str, scope: str, other: str
) -> None:
    first = pseudonymiser.pseudonymise(KeyDomain.CASE, identifier, scope)
    second = pseudonymiser.pseudonymise(KeyDomain.CASE, identifier, other)
    assert (first == second) == (scope == other)


@given(st.text(min_size=2, max_size=40), st.data())
def test_moving_characters_between_scope_and_identifier_changes_the_pseudonym(
    pseudonymiser: Pseudonymiser, text: str, data: st.DataObject
) -> None:
    cut, other_cut = data.draw(
        st.lists(st.integers(0, len(text) - 1), min_size=2, max_size=2, unique=True)
    )
    # Framing: ("ab", "c") and ("a", "bc") are different messages, not the same bytes.
    first = pseudonymiser.pseudonymise(KeyDomain.CASE, text[cut:], text[:cut])
    second = pseudonymiser.pseudonymise(KeyDomain.CASE, text[other_cut:], text[:other_cut])
    assert first != second


@given(valid_bsns())
def test_rotated_key_gives_unlinkable_pseudonym(pseudonymiser: Pseudonymiser, bsn: str) -> None:
    old = pseudonymiser.pseudonymise_with(KeyDomain.YOUTH, bsn, 1)
    new = pseudonymiser.pseudonymise_with(KeyDomain.YOUTH, bsn, 2)
    assert old.key_version == 1
    assert new.key_version == 2
    assert old.value != new.value


@given(valid_bsns(), scopes)
def test_other_key_store_gives_unlinkable_pseudonym(
    pseudonymiser: Pseudonymiser, other_pseudonymiser: Pseudonymiser, bsn: str, scope: str
) -> None:
    for domain in KeyDomain:
        first = pseudonymiser.pseudonymise_with(domain, bsn, 1, scope)
        second = other_pseudonymiser.pseudonymise_with(domain, bsn, 1, scope)
        assert first.value != second.value


def test_new_pseudonyms_use_the_current_key_and_old_ones_stay_verifiable(
    tmp_path: Path,
) -> None:
    kek = os.urandom(32)
    store = KeyStore.create(tmp_path / "keystore.json", kek)
    pseudonymiser = Pseudonymiser(store)
    before = pseudonymiser.pseudonymise(KeyDomain.CASE, "70010001", "provider:12345678")
    assert before.key_version == 1

    store.rotate(KeyDomain.CASE)
    after = pseudonymiser.pseudonymise(KeyDomain.CASE, "70010001", "provider:12345678")
    assert after.key_version == 2
    assert after.value != before.value

    reopened = Pseudonymiser(KeyStore.open(tmp_path / "keystore.json", kek))
    old = reopened.pseudonymise_with(KeyDomain.CASE, "70010001", 1, "provider:12345678")
    assert old == before
    assert reopened.pseudonymise(KeyDomain.CASE, "70010001", "provider:12345678") == after


def test_empty_identifier_is_refused(pseudonymiser: Pseudonymiser) -> None:
    # One shared pseudonym for every empty identifier would link unrelated records.
    with pytest.raises(InvalidInputError, match="case identifier: is empty"):
        pseudonymiser.pseudonymise(KeyDomain.CASE, "", "provider:12345678")


def test_identifier_that_is_not_unicode_text_is_refused_without_echo(
    pseudonymiser: Pseudonymiser,
) -> None:
    with pytest.raises(InvalidInputError) as raised:
        pseudonymiser.pseudonymise(KeyDomain.CASE, "ref\udc80")
    assert str(raised.value) == "case identifier: is not valid Unicode text"


@pytest.fixture(scope="module")
def rekeyer(store_path: Path, kek: bytes) -> Rekeyer:
    """From version 1 to version 2 (a separate store object: only the file is shared)."""
    return Rekeyer(KeyStore.open(store_path, kek), 1, 2)


@pytest.fixture(scope="module")
def rekeyer_back(store_path: Path, kek: bytes) -> Rekeyer:
    """From version 2 to version 1: the inverse factor."""
    return Rekeyer(KeyStore.open(store_path, kek), 2, 1)


@given(identifiers, scopes, st.sampled_from(PSEUDONYM_DOMAINS))
def test_rekeying_turns_the_old_pseudonym_into_the_new_one_without_the_identifier(
    pseudonymiser: Pseudonymiser, rekeyer: Rekeyer, identifier: str, scope: str, domain: KeyDomain
) -> None:
    old = pseudonymiser.pseudonymise_with(domain, identifier, 1, scope)
    new = pseudonymiser.pseudonymise_with(domain, identifier, 2, scope)
    assert rekeyer.rekey(domain, old.value) == new.value


@given(identifiers, st.sampled_from(PSEUDONYM_DOMAINS))
def test_the_factor_back_is_the_inverse(
    pseudonymiser: Pseudonymiser,
    rekeyer: Rekeyer,
    rekeyer_back: Rekeyer,
    identifier: str,
    domain: KeyDomain,
) -> None:
    old = pseudonymiser.pseudonymise_with(domain, identifier, 1)
    assert rekeyer_back.rekey(domain, rekeyer.rekey(domain, old.value)) == old.value


@given(identifiers)
def test_a_factor_of_one_domain_does_not_rekey_another_domains_pseudonym(
    pseudonymiser: Pseudonymiser, rekeyer: Rekeyer, identifier: str
) -> None:
    old = pseudonymiser.pseudonymise_with(KeyDomain.CASE, identifier, 1)
    new = pseudonymiser.pseudonymise_with(KeyDomain.CASE, identifier, 2)
    assert rekeyer.rekey(KeyDomain.YOUTH, old.value) != new.value


@given(valid_bsns())
def test_pseudonyms_are_points_of_the_group(pseudonymiser: Pseudonymiser, bsn: str) -> None:
    for domain in PSEUDONYM_DOMAINS:
        assert pep.is_point(bytes.fromhex(pseudonymiser.pseudonymise(domain, bsn).value))


@pytest.mark.parametrize("value", ["00" * 32, "ff" * 32, "not hex", "ab" * 16])
def test_a_value_that_is_no_group_element_is_refused_by_the_rekeyer(
    rekeyer: Rekeyer, value: str
) -> None:
    with pytest.raises(KeyStoreError, match="youth pseudonym of version 1 is not re-keyable"):
        rekeyer.rekey(KeyDomain.YOUTH, value)


def test_the_cache_gives_what_the_arithmetic_gives(store_path: Path, kek: bytes) -> None:
    keys = KeyStore.open(store_path, kek)
    tiny, uncached = Pseudonymiser(keys, cache_entries=2), Pseudonymiser(keys, cache_entries=0)
    references = [f"ref-{n}" for n in range(5)]
    for reference in [*references, *references, references[0]]:
        assert tiny.pseudonymise(KeyDomain.CASE, reference) == uncached.pseudonymise(
            KeyDomain.CASE, reference
        )


def test_a_retired_version_cannot_be_rekeyed_from(tmp_path: Path) -> None:
    store = KeyStore.create(tmp_path / "keystore.json", os.urandom(32))
    store.rotate()
    store.retire(KeyDomain.YOUTH, 1)
    with pytest.raises(KeyStoreError, match="no version 1 of the youth key"):
        Rekeyer(store, 1, 2)
