"""One consumer per feed topic, fanned out: a client that does not keep up holds up no one."""

import asyncio
import uuid

from feeds.api.follower import FeedFollowers
from feeds.api.replay import releases_between
from jeugdhub.kafka_access import HubPrincipal, KafkaAccess
from jeugdhub.localkafka.principals import PrincipalFiles
from schemas.feeds import ReleaseKind
from schemas.topics import feed_topic
from tests.conftest import HubBroker
from tests.feedapi.conftest import create_feed_topics, release, write_releases

WAIT_S = 30


async def test_a_slow_listener_is_dropped_and_the_others_get_every_release(
    kafka_broker: HubBroker, kafka_admin: KafkaAccess
) -> None:
    name = f"fan-out-{uuid.uuid4().hex[:8]}"
    await create_feed_topics(kafka_admin, name)
    # As the feed API reads: its own principal, which may only read the feed topics.
    feedapi = PrincipalFiles(kafka_broker.credentials_dir).access(
        kafka_admin.bootstrap_servers, HubPrincipal.FEEDAPI
    )
    followers = FeedFollowers(feedapi.aiokafka_options(), 3, WAIT_S)
    try:
        follower = await followers.follower(feed_topic(name))
        same = await followers.follower(feed_topic(name))
        slow, slow_from = follower.listen()  # never reads
        readers = [follower.listen()[0] for _ in range(5)]

        items = [release(name, ReleaseKind.CAPACITY, version) for version in range(10)]
        received: list[list[int]] = [[] for _ in readers]

        async def read(index: int) -> None:
            while len(received[index]) < len(items):
                stored = await readers[index].next()
                assert stored is not None, "a reader that keeps up was dropped"
                received[index].append(stored.offset)

        tasks = [asyncio.create_task(read(index)) for index in range(len(readers))]
        offsets = await write_releases(kafka_admin, name, items)
        await asyncio.wait_for(asyncio.gather(*tasks), WAIT_S)

        assert same is follower
        assert slow_from == 0
        assert received == [offsets] * len(readers)
        assert slow.dropped and await slow.next() is None
        snapshot = await follower.snapshot(WAIT_S)
        assert [stored.release for stored in snapshot] == [items[-1]]
        # What the dropped client resumes with is read back from the topic, exactly.
        replayed = [
            stored.offset
            async for stored in releases_between(
                followers.kafka_options, follower.topic, 4, follower.position
            )
        ]
        assert replayed == offsets[4:]
    finally:
        await followers.stop()
