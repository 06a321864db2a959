"""Where figures leave the hub: the egress process that applies each recipient's regime and publishes its feed topic, and the feed HTTP API."""  # noqa: E501
