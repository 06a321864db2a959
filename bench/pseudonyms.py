"""The privacy edge with re-keyable pseudonyms, against keyed-hash (HMAC) pseudonyms.

Re-keyable pseudonyms (``privacy.pep``) cost a scalar multiplication on Ed25519 each, an
HMAC about a microsecond. This vets the same placement records (a youth pseudonym, a
case reference and an event id each) through ``privacy.edge.Edge`` three ways in one run:
with an HMAC-SHA256 pseudonymiser (the scheme before, as the baseline), with the
re-keyable one and its cache cold (every youth new), and with the cache warm (the
records again: what a resubmitted file or a youth's burst of records costs). Prints
records per second and the ratios, and the cost of one pseudonym and one re-keying.

    python -m bench.pseudonyms [--records 20000]
"""

import argparse
import hashlib
import hmac
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import PROVIDER, new_keystore, placement_records
from privacy.edge import Edge
from privacy.keys import KeyDomain, KeyStore
from privacy.pseudonym import Pseudonym, Pseudonymiser, Rekeyer
from registry.importing import read_import
from registry.operations import DEMO_DIR
from registry.state import organisations_of
from schemas.reference import organisations


class HmacPseudonymiser(Pseudonymiser):
    """The keyed-hash scheme the hub had before, for the baseline only."""

    def pseudonymise_with(
        self, domain: KeyDomain, identifier: str, version: int, scope: str = ""
    ) -> Pseudonym:
        message = b"%d:%s:%d:%s:%s" % (
            len(domain),
            domain.encode(),
            len(scope),
            scope.encode(),
            identifier.encode(),
        )
        digest = hmac.new(self._keys.key(domain, version), message, hashlib.sha256)
        return Pseudonym(digest.hexdigest(), version)


def _rate(edge: Edge, records: list[dict[str, Any]]) -> float:
    started = time.perf_counter()
    for record in records:
        edge.person_event(record)
    return len(records) / (time.perf_counter() - started)


def _per_call_us(call: Callable[[int], object], count: int) -> float:
    started = time.perf_counter()
    for n in range(count):
        call(n)
    return (time.perf_counter() - started) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    args = parser.parse_args()
    # The demo's organisations, as a hub process following the registry has them.
    organisations.install(organisations_of(read_import(DEMO_DIR, {}, datetime.now(UTC)).changes))
    records = [{**r, "source": PROVIDER} for r in placement_records(args.records, per_youth=1)]
    with tempfile.TemporaryDirectory() as folder:
        keys, _ = new_keystore(Path(folder))
        keys.rotate()
        baseline = _rate(Edge(HmacPseudonymiser(keys)), records)
        pep_edge = Edge(Pseudonymiser(keys))
        cold = _rate(pep_edge, records)
        warm = _rate(pep_edge, records)
        _report(keys, baseline, cold, warm)


def _report(keys: KeyStore, baseline: float, cold: float, warm: float) -> None:
    uncached = Pseudonymiser(keys, cache_entries=0)
    one = _per_call_us(lambda n: uncached.pseudonymise(KeyDomain.YOUTH, f"id-{n}"), 2_000)
    rekeyer = Rekeyer(keys, 1, 2)
    old = uncached.pseudonymise_with(KeyDomain.YOUTH, "id", 1).value
    rekey = _per_call_us(lambda _: rekeyer.rekey(KeyDomain.YOUTH, old), 2_000)
    print(f"edge with HMAC pseudonyms (baseline): {baseline:,.0f} records/s")
    print(f"edge with re-keyable pseudonyms, cold cache: {cold:,.0f} records/s")
    print(f"edge with re-keyable pseudonyms, warm cache: {warm:,.0f} records/s")
    print(f"one re-keyable pseudonym {one:.0f} µs, one re-keying {rekey:.0f} µs")
    print(f"ratio cold/baseline {cold / baseline:.2f}, warm/baseline {warm / baseline:.2f}")


if __name__ == "__main__":
    main()
