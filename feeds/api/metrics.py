"""What the feed API tells operators: open streams per regime, and clients it dropped.

Labelled by regime at most: never a subscriber's name or token.
"""

from prometheus_client import Counter, Gauge

STREAMS = Gauge(
    "jeugdhub_feed_api_streams",
    "Open Server-Sent Events streams (subscribers), per regime",
    ["regime"],
)
DROPPED = Counter(
    "jeugdhub_feed_api_streams_dropped",
    "Streams closed because the client fell too far behind (it resumes with Last-Event-ID)",
)
