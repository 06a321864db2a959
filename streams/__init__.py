"""Where events are aggregated, grouped by the life of a message (DEFINITIONS.md defines
every figure):

- ``worker``: the faust app, where an event enters (``worker.app``, wiring only) and what
  keeps the worker exact on Kafka;
- ``youth_stage``: stage 1, keyed by youth (or location): its set of events and its whole
  contribution to each region;
- ``messages`` and ``regional``: what stage 1 sends stage 2 (shared by both stages);
- ``region_stage``: stage 2, keyed by region: what a region holds, its totals and figures;
- ``publication``: where the figures leave.
"""
