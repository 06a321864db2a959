"""The audit trail: every access to personal data or what is derived from it, tamper-evident.

``facts.py`` is what a caller says about an access (NEN 7513's fields), ``chain.py`` makes
and hashes the entries of one writer's chain, ``signing.py`` signs them (Ed25519),
``writer.py`` puts them on ``jeugdhub.audit.v1`` and refuses the access when it cannot
(fail closed), ``trail.py`` reads the topic back, ``verify.py`` finds removed, inserted,
reordered, altered and truncated entries, ``head.py`` is the signed head an auditor keeps
elsewhere, ``listing.py`` selects and exports entries for a query, and ``broker_log.py``
reads the broker's authorizer log (for ``feeds.consumer_audit``: subscribers' own Kafka
clients and the broker's refusals).
"""
