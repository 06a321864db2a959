"""What every long-running process tells operators: Prometheus metrics on a loopback port.

``endpoint`` serves them (and starts the Kafka health probe), ``kafka_health`` says
whether Kafka answers and how many brokers it lists, ``lag`` is the consumer lag shared by
the processes that read topics, ``bounded`` keeps label values few. Each area counts its
own work in its own ``metrics`` module (``connectors/metrics.py``, ``streams/worker/metrics.py``,
``feeds/egress/metrics.py``, ``feeds/api/metrics.py``). No label ever holds a pseudonym,
a token, a file name or anything else that grows with the data.
"""
