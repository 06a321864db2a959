"""Stage 2, keyed by region: ``hold`` replaces what a region holds per subject
(``region_store``, the one owner of its key format) and keeps its running totals
(``region_view``, over ``region_totals``); ``aggregates`` turns the totals into a region's
``figures``."""
