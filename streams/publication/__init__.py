"""Where the figures leave the worker: ``publisher`` (the timer's step that publishes the
regions that changed) and ``record`` (the Avro record a region's figures are published as)."""
