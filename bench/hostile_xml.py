"""How long refusing a billion-laughs iJw message takes, against reading the same message
without its DOCTYPE (a valid JW305) as the baseline, measured in the same run.

A parser that expanded the entities would build 10^9 "lol"s (3 GB); refusing at the
DOCTYPE should cost about what reading a valid message costs: a ratio near or below 1.

    python -m bench.hostile_xml [--repeat 200]
"""

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from connectors.ijw import submissions_from_ijw

VALID_MESSAGE = Path(__file__).resolve().parents[1] / "tests" / "ijw" / "fixtures" / "jw305.xml"
ROOT = b"<jw305:Bericht "


def billion_laughs(valid: bytes) -> bytes:
    """``valid`` with nine levels of tenfold entities declared and the deepest one used."""
    laughs = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    doctype = f"<!DOCTYPE Bericht [{''.join(laughs)}]>\n".encode()
    hostile = valid.replace(ROOT, doctype + ROOT, 1)
    hostile = hostile.replace(b"<ijw:Achternaam>Testpersoon", b"<ijw:Achternaam>&lol9;", 1)
    if b"&lol9;" not in hostile or doctype not in hostile:
        raise SystemExit(f"{VALID_MESSAGE} changed: the entities have nowhere to go")
    return hostile


def _median_seconds(run: Callable[[], object], repeat: int) -> float:
    took = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        took.append(time.perf_counter() - start)
    return sorted(took)[len(took) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="runs of each (median shown)")
    args = parser.parse_args()
    valid = VALID_MESSAGE.read_bytes()
    hostile = billion_laughs(valid)
    (refused,) = submissions_from_ijw(hostile, "laughs.xml")
    if refused.record is not None or not refused.problems:
        raise SystemExit("the billion-laughs message was not refused: nothing to measure")

    baseline = _median_seconds(lambda: submissions_from_ijw(valid, "valid.xml"), args.repeat)
    laughs = _median_seconds(lambda: submissions_from_ijw(hostile, "laughs.xml"), args.repeat)
    print(f"baseline, a valid JW305 read:   {baseline * 1000:8.3f} ms")
    print(
        f"billion laughs refused:         {laughs * 1000:8.3f} ms  ratio {laughs / baseline:6.2f}"
    )


if __name__ == "__main__":
    main()
