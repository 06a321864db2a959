"""What the audit trail tells operators: writes that failed (each one an access refused),
and how long ago this process last wrote an entry (a head that stops moving while the
process serves reads means entries are not being written). No labels: they would say who
read what. The alert rules and the Grafana panel in ``deploy/`` read these names.
"""

import time

from prometheus_client import Counter, Gauge

WRITE_FAILURES = Counter(
    "jeugdhub_audit_write_failures",
    "Audit entries that could not be written; the access each was for was refused",
)
_last_written = [time.time()]
HEAD_AGE = Gauge(
    "jeugdhub_audit_head_age_seconds",
    "Seconds since this process's audit chain last grew (since start when it never did)",
)
HEAD_AGE.set_function(lambda: time.time() - _last_written[0])


def written() -> None:
    _last_written[0] = time.time()
