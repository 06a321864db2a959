"""Synthetic BSNs: nine digits that pass the 11-proef, each handed out once per run.

They are drawn at random, so one may by chance be a real person's number: treat them as
personal data like any BSN (never log them).
"""

from operator import mul
from random import Random

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


class BsnSource:
    def __init__(self, rng: Random) -> None:
        self._rng = rng
        self._issued: set[str] = set()

    def next(self) -> str:
        while True:
            first_eight = f"{self._rng.randrange(100_000_000):08d}"
            # 11-proef: weighted sum of the first eight minus the ninth is 0 mod 11, so
            # the ninth is that sum mod 11; a remainder of 10 fits no digit.
            check = sum(map(mul, _WEIGHTS, map(int, first_eight))) % 11
            bsn = f"{first_eight}{check}"
            if check == 10 or bsn == "000000000" or bsn in self._issued:
                continue
            self._issued.add(bsn)
            return bsn
