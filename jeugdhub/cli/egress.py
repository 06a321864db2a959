"""``jeugdhub egress``: apply each subscriber's regime and publish its feed, until stopped."""

import argparse
import asyncio
import contextlib
import signal

from jeugdhub.cli.common import Commands


def _egress(args: argparse.Namespace) -> int:
    from feeds.egress.process import Egress  # noqa: PLC0415 - only this command needs it
    from feeds.subscribers import SubscriberStore  # noqa: PLC0415
    from jeugdhub.kafka_access import HubPrincipal, kafka_access  # noqa: PLC0415
    from jeugdhub.observability.endpoint import serve_metrics  # noqa: PLC0415
    from jeugdhub.settings import get_settings  # noqa: PLC0415

    settings = get_settings()
    access = kafka_access(settings, HubPrincipal.EGRESS)
    port = settings.egress_metrics_port
    serve_metrics(settings, port, access, "JEUGDHUB_EGRESS_METRICS_PORT")
    egress = Egress(access, SubscriberStore(settings.subscriber_store_file))

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, stop.set)
        await egress.run(stop)

    asyncio.run(run())
    return 0


def register(commands: Commands) -> None:
    text = "publish every subscriber's feed: live capacity, and figures per closed period"
    parser = commands.add_parser("egress", help=text, description=text)
    parser.set_defaults(handler=_egress)
