"""BSN validation: nine ASCII digits, the 11-proef, never 000000000, never echoed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jeugdhub.errors import InvalidInputError
from privacy.bsn import validate_bsn
from tests.privacy.strategies import passes_11_proef, valid_bsns

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def test_acceptance_examples_from_the_ijw_reference() -> None:
    assert validate_bsn("999991103") == "999991103"
    with pytest.raises(InvalidInputError, match="fails the 11-proef"):
        validate_bsn("999991104")


@given(valid_bsns())
def test_every_bsn_that_passes_the_11_proef_is_accepted_unchanged(bsn: str) -> None:
    assert validate_bsn(bsn) == bsn


@given(nine_digits.filter(lambda digits: not passes_11_proef(digits)))
def test_nine_digits_failing_the_11_proef_are_rejected_naming_field_not_value(
    digits: str,
) -> None:
    with pytest.raises(InvalidInputError) as raised:
        validate_bsn(digits, field="Client/Bsn")
    error = raised.value
    assert error.field == "Client/Bsn"
    assert error.rule == "CS002"
    assert str(error) == "Client/Bsn: fails the 11-proef (CS002)"
    assert digits not in str(error)
    assert digits not in repr(error)


@given(valid_bsns(), st.integers(1, 9))
def test_changing_the_check_digit_of_a_valid_bsn_makes_it_invalid(bsn: str, shift: int) -> None:
    altered = bsn[:8] + str((int(bsn[8]) + shift) % 10)
    with pytest.raises(InvalidInputError, match="fails the 11-proef"):
        validate_bsn(altered)


def test_all_zeros_passes_the_arithmetic_but_is_rejected() -> None:
    assert passes_11_proef("000000000")
    with pytest.raises(InvalidInputError, match="is all zeros") as raised:
        validate_bsn("000000000")
    assert "000000000" not in str(raised.value)


@pytest.mark.parametrize(
    "value",
    [
        " 999991103",  # iJw string types keep whitespace: no stripping
        "999991103 ",
        "99999110",  # a sender must zero-pad, the hub does not guess
        "0999991103",
        "99999-110",
        "+99999110",
        "٩٩٩٩٩١١٠٣",  # Arabic-Indic digits are digits to str.isdigit, not to iJw
        "",
    ],
)
def test_anything_but_nine_ascii_digits_is_rejected(value: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        validate_bsn(value)
    assert str(raised.value) == "bsn: must be exactly 9 digits (CS002)"


@given(st.text().filter(lambda text: not (len(text) == 9 and text.isascii() and text.isdigit())))
def test_any_text_that_is_not_nine_ascii_digits_is_rejected_without_echo(text: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        validate_bsn(text, field="youth.bsn")
    # One fixed message whatever the input: nothing of the value can be in it.
    assert str(raised.value) == "youth.bsn: must be exactly 9 digits (CS002)"
