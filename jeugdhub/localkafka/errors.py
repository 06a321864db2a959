"""What can go wrong with the local broker, each with the remedy in its message."""

from jeugdhub.errors import JeugdhubError


class BrokerSetupError(JeugdhubError):
    """Java, Maven or the Kafka jars are missing or cannot be obtained."""

    exit_code = 2


class BrokerError(JeugdhubError):
    """The broker did not start, answer or stop as it should."""
