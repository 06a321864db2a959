"""faust's check that a table's changelog has as many partitions as the table's source
topic stops the worker when the changelog's metadata has not arrived yet.

faust (0.15) makes the check at a table's first access per source topic, from the
consumer's metadata snapshot. Right after start that snapshot can list the changelog
with 0 partitions (its metadata not refreshed yet, or the topic just created), and faust
raises ``PartitionsMismatch`` ("... changelog topic has 0 partitions"): the worker
stopped at start in about one demo run in five, and more often on a loaded machine. This
wraps the check: 0 partitions means "not known yet", so it is skipped this time and made
again at the next access; a real mismatch still stops the worker.
"""

from typing import Any

from streams.worker.faust_internals import faust_partition_check, replace_partition_check


def _check_once_known(self: Any, source_topic: str) -> None:
    if not self.app.consumer.topic_partitions(self.changelog_topic_name):
        return  # the changelog's partitions are not known yet: check at the next access
    faust_partition_check(self, source_topic)


def check_partitions_once_known() -> None:
    replace_partition_check(_check_once_known)
