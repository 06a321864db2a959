"""faust asks a broker it has not connected to yet who the controller is, and sends its
topic creation to a controller it has not connected to; on a cluster that fails the
worker at start.

To create its leader topic, faust (0.15) sends a metadata request to the
first broker the cluster metadata lists, then CreateTopics to the controller it names,
without connecting to either first; aiokafka refuses to send to a node that is not
connected (``NodeNotReadyError``). On one broker both are the bootstrap connection; on
three they usually are not, and ``jeugdhub worker`` stopped at start. This replaces the
lookup with one that connects to each first and asks the next broker when one does not
answer (a broker may be down: that is what a cluster is for).
"""

from typing import Any

from aiokafka.protocol.metadata import MetadataRequest, MetadataRequest_v1
from faust.exceptions import NotReady

from streams.worker.faust_internals import aiokafka_has_api_version, replace_controller_lookup


async def _controller_node(self: Any, owner: Any, client: Any, timeout: int = 30000) -> int | None:
    for broker in client.cluster.brokers():
        if not await client.ready(broker.nodeId):
            continue
        # The request faust itself sends, for the aiokafka at hand.
        request = MetadataRequest_v1 if aiokafka_has_api_version() else MetadataRequest
        waited = await owner.wait(client.send(broker.nodeId, request([])), timeout=timeout)
        if waited.stopped:
            owner.log.info("Shutting down - skipping creation.")
            return None
        controller: int = waited.result.controller_id
        # faust sends its CreateTopics to the node returned, again without connecting:
        # connect now. Under KRaft every broker forwards it to the controller, so the
        # broker that answered serves when the named one cannot be reached.
        return controller if await client.ready(controller) else int(broker.nodeId)
    raise NotReady("No Kafka broker answers")


def connect_before_asking_for_the_controller() -> None:
    replace_controller_lookup(_controller_node)
