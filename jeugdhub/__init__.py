"""jeugdhub: the command line, the settings and the local Kafka broker.

Where data goes, package by package:
``connectors`` (where events enter) → ``privacy`` (edge: pseudonymise, minimise) →
Kafka topics named in ``schemas`` → ``streams`` (trajectories, per-region aggregates) →
``privacy`` (egress regimes) → recipients.
"""
