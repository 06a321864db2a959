"""Where an event enters the worker: the faust app (``app``) and what keeps it exact on
Kafka (reading the inputs again after every assignment, ``replay`` and ``input_passes``; stopping
after a freeze, ``pause_fence``; stopping on a failed stage, ``stage_failure``), faust's
private parts it relies on (``faust_internals``, ``controller_lookup``,
``partition_check``), RocksDB's limits and the worker's metrics and lag."""
