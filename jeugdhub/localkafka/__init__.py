"""A real single-node Apache Kafka (KRaft) for development, the demo and the tests.

``jars`` resolves the broker from Maven Central, ``config`` writes its configuration,
``broker`` starts, checks and stops it. The command line (``jeugdhub kafka``) and the test
fixtures use the same code.
"""

from jeugdhub.localkafka.broker import BrokerStatus, LocalBroker
from jeugdhub.localkafka.errors import BrokerError, BrokerSetupError

__all__ = ["BrokerError", "BrokerSetupError", "BrokerStatus", "LocalBroker"]
