"""How long protecting one recipient's release takes, per method, against one attacker-LP
pass over the same release (the cost of verifying a pattern once) as the baseline.

A municipal-sized weekly release: every figure of the regime by care function (as many as
the reference data has), discharges by care function and destination; seeded counts, mostly
small. The threshold method runs the LP once per round of secondary suppression, so its
ratio to the baseline is about the number of rounds.

    python -m bench.disclosure_release [--scale 1.0] [--repeat 3]
"""

import argparse
import random
import time
from collections.abc import Callable

from privacy.disclosure.attack import feasible_intervals
from privacy.disclosure.budget import BudgetLedger
from privacy.disclosure.cells import KEY_MODULUS, Cell, Table
from privacy.disclosure.constraints import build_system
from privacy.disclosure.protect import protect
from privacy.regimes import regime
from privacy.regimes.figures import PERCENTILE_FIGURES, Figure
from schemas.vocabulary import Destination

CARE_FUNCTIONS = 17  # as many as the reference data lists


def _release(figures: list[Figure], scale: float, seed: int) -> list[Table]:
    rng = random.Random(seed)
    functions = [f"cf{number:02d}" for number in range(CARE_FUNCTIONS)]

    def count() -> int:
        return int(rng.expovariate(1 / (6 * scale)))

    tables = []
    for figure in figures:
        if figure in PERCENTILE_FIGURES:
            continue
        if figure == Figure.DISCHARGES:
            cells = [
                Cell(figure, (f, d), count(), rng.randrange(KEY_MODULUS))
                for f in functions
                for d in Destination
            ]
            tables.append(Table.from_interior(figure, ["care_function", "destination"], cells))
        else:
            cells = [Cell(figure, (f,), count(), rng.randrange(KEY_MODULUS)) for f in functions]
            tables.append(Table.from_interior(figure, ["care_function"], cells))
    return tables


def _seconds(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="mean count = 6 x scale")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    municipality = regime("municipality")
    tables = _release(municipality.figures, args.scale, seed=9)
    cells = sum(len(t.cells) for t in tables)
    k = municipality.protection.k  # type: ignore[union-attr]

    def one_pass() -> None:
        system = build_system(tables)
        hidden = [c.ref for t in tables for c in t.cells.values() if 0 < c.count < k]
        published = {
            c.ref: c.count for t in tables for c in t.cells.values() if c.ref not in hidden
        }
        feasible_intervals(system, published, hidden)

    baseline = _seconds(one_pass, args.repeat)
    print(f"release: {len(tables)} tables, {cells} cells")
    print(f"baseline, one attacker-LP pass:  {baseline * 1000:8.1f} ms")
    for name in ("municipality", "region", "public"):
        chosen = regime(name)
        granted = [t for t in tables if t.name in chosen.figures]
        took = _seconds(
            lambda chosen=chosen, granted=granted: protect(
                chosen, granted, ledger=BudgetLedger(1e9), year=2027
            ),
            args.repeat,
        )
        method = chosen.protection.method
        hidden = sum(
            c.value is None for c in protect(chosen, granted, ledger=BudgetLedger(1e9), year=2027)
        )
        print(
            f"{name:<13} {method:<21} {took * 1000:8.1f} ms  ratio {took / baseline:6.2f}"
            f"  suppressed {hidden}/{sum(len(t.cells) for t in granted)}"
        )


if __name__ == "__main__":
    main()
