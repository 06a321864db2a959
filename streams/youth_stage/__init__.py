"""Stage 1, keyed by subject: a youth's (or a location's) set of events and what each
region must hear of it. ``batches`` takes a batch of a stage-1 topic and runs ``step``
once per subject; ``step`` turns the stored set and the new arrivals into the new set and
the region messages, deriving a youth's facts with ``trajectory`` (via ``youth_event``,
``counted``, ``waiting``, ``stays`` and ``youth_facts``; ``justice``, ``residents`` and
``providers`` split and re-attribute them) and a location's capacity with ``capacity``."""
