"""Hypothesis strategies shared by the privacy tests."""

from hypothesis import assume
from hypothesis import strategies as st

# The weights as iJw CS002 lists them (d1 ... d9), kept apart from the code under test.
CS002_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_11_proef(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(digits):
        total += CS002_WEIGHTS[position] * int(digit)
    return total % 11 == 0


@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    """Eight random digits and the check digit that makes S a multiple of 11, if one exists."""
    first_eight = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = sum(w * d for w, d in zip(CS002_WEIGHTS, first_eight, strict=False)) % 11
    assume(check <= 9)  # a remainder of 10 has no check digit: no BSN starts like this
    bsn = "".join(map(str, first_eight)) + str(check)
    assume(bsn != "000000000")
    return bsn
