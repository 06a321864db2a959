"""Stage 2, keyed by region: what each region holds, its running totals and its figures."""
