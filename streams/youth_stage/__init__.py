"""Stage 1, keyed by subject: a youth's (or a location's) set of events and what each
region must hear of it."""
