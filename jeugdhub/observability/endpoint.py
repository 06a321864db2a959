"""Serve a process's Prometheus metrics on ``JEUGDHUB_METRICS_HOST`` and its own port."""

from prometheus_client import start_http_server

from jeugdhub.errors import JeugdhubError
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.observability.kafka_health import watch_kafka
from jeugdhub.settings import Settings


class MetricsPortError(JeugdhubError):
    exit_code = 2


def serve_metrics(settings: Settings, port: int | None, access: KafkaAccess, setting: str) -> None:
    """Metrics at ``http://<metrics_host>:<port>/metrics``, and the Kafka health probe;
    nothing when ``port`` is None. ``setting`` names the variable, for the error."""
    if port is None:
        return
    try:
        start_http_server(port, addr=settings.metrics_host)
    except OSError as error:
        raise MetricsPortError(
            f"Cannot serve metrics on {settings.metrics_host}:{port} ({error.strerror}): "
            f"choose a free port in {setting}, or unset it to serve no metrics."
        ) from None
    watch_kafka(access, settings.metrics_kafka_probe_s)
