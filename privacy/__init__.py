"""The privacy layer: the edge (pseudonymise and minimise before Kafka), the egress
regimes per recipient, and the audit trail."""
