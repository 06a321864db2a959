"""``jeugdhub worker``: the stream processors (faust), until stopped."""

import argparse
import asyncio
import logging

from jeugdhub.cli.common import Commands
from jeugdhub.kafka_access import HubPrincipal, kafka_access
from jeugdhub.kafka_cluster import require_topics
from jeugdhub.observability.endpoint import serve_metrics
from jeugdhub.settings import get_settings
from schemas.topics import (
    CAPACITY,
    CARE_EVENTS,
    JUSTICE_EVENTS,
    JUSTICE_REGION_FIGURES,
    REGION_FIGURES,
    TRAJECTORY_FACTS,
)


def _worker(args: argparse.Namespace) -> int:
    from faust.worker import Worker  # noqa: PLC0415 - only this command needs faust

    from registry.follower import RegistryFollower  # noqa: PLC0415
    from streams.worker.app import build_app  # noqa: PLC0415

    settings = get_settings()
    access = kafka_access(settings, HubPrincipal.WORKER)
    outputs = (TRAJECTORY_FACTS, REGION_FIGURES, JUSTICE_REGION_FIGURES)
    asyncio.run(require_topics(access, (CARE_EVENTS, JUSTICE_EVENTS, CAPACITY, *outputs)))
    # Followed until the process ends: a location registered later is found by catching
    # up (streams.youth_stage.location_region). faust exits the process itself, so no stop().
    RegistryFollower(access).start()
    app = build_app(settings, access)
    serve_metrics(settings, settings.worker_metrics_port, access, "JEUGDHUB_WORKER_METRICS_PORT")
    # faust warns each time its producer buffer holds more than 100 messages, which is
    # every stage-1 batch under load: backpressure working as meant, not news to an
    # operator, and it buried the messages that are.
    logging.getLogger("faust.transport.producer").setLevel(logging.ERROR)
    Worker(app, loglevel=args.loglevel, quiet=True).execute_from_commandline()
    return 0


def register(commands: Commands) -> None:
    text = "run the stream processors: trajectories and per-region figures"
    parser = commands.add_parser("worker", help=text, description=text)
    parser.add_argument(
        "--loglevel", default="warning", choices=["debug", "info", "warning", "error"]
    )
    parser.set_defaults(handler=_worker)
