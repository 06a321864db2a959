"""The stream processors' logic, pure (no Kafka): the trajectory stage keyed by youth
pseudonym and the aggregate stage keyed by region, as DEFINITIONS.md defines them.

Stage 1: ``trajectory`` (a youth's set of events -> ``youth_facts``, via ``counted``,
``waiting`` and ``stays``) and ``capacity`` (a location's set of capacity events).
Stage 2: ``regional`` (one youth's contribution to each region), ``region_totals`` (their
running sum) and ``aggregates`` (a region's ``figures``).
"""
