"""The regimes a process applies, on the audit trail.

A policy file (``privacy/regimes/*.toml``) is changed by editing it; the change takes
effect when the egress, the one process that applies regimes, loads it at start. So the
egress records, before it releases anything, one entry per regime it applies, with the
SHA-256 of the file: an auditor sees which version of every regime governed the releases
from then on, and a changed file as a changed digest. If the entries cannot be written,
the egress stops (fail closed): nothing is released under an unaudited regime.
"""

import hashlib
import socket
from pathlib import Path

from jeugdhub.kafka_access import HubPrincipal
from jeugdhub.settings import Settings
from privacy.audit.facts import AccessFacts, Action, Outcome
from privacy.audit.writer import writer_for
from privacy.regimes import load_regimes


async def record_regimes_applied(settings: Settings, principal: HubPrincipal, process: str) -> None:
    """One ``regime.applied`` entry per policy file in the regimes folder."""
    folder: Path = settings.regimes_dir
    writer = writer_for(settings, principal, process)
    try:
        for name, regime in sorted(load_regimes(folder).items()):
            digest = hashlib.sha256((folder / f"{name}.toml").read_bytes()).hexdigest()
            await writer.record(
                AccessFacts(
                    action=Action.REGIME_APPLIED,
                    user=f"process:{process}",
                    role="hub process",
                    organisation=settings.audit_organisation,
                    target=f"regime {name}",
                    purpose=regime.purpose,
                    outcome=Outcome.GRANTED,
                    channel="process",
                    host=socket.gethostname(),
                    detail=f"sha256 {digest}",
                )
            )
    finally:
        await writer.stop()
