"""The event contract: Avro schemas (``*.avsc``), their Python models, the codec and the
topic names."""
