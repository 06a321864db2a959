"""A feed record as the API holds it: decoded once, its JSON encoded once for every reader."""

import logging
from dataclasses import dataclass

from aiokafka import ConsumerRecord
from pydantic import ValidationError

from feeds.api.models import ReleaseOut
from schemas.codec import MalformedMessageError, decode_any
from schemas.feeds import FeedRelease

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredRelease:
    offset: int
    key: str
    release: FeedRelease
    json: str  # ReleaseOut, as the SSE data and a snapshot entry

    @property
    def out(self) -> ReleaseOut:
        return ReleaseOut(key=self.key, offset=self.offset, release=self.release)


def stored_release(record: ConsumerRecord[bytes, bytes]) -> StoredRelease | None:
    """The release in a feed record; None (logged by place, never content) if it is none."""
    try:
        release = decode_any(record.value or b"")
    except MalformedMessageError as error:
        log.warning("skipped %s offset %d: %s", record.topic, record.offset, error)
        return None
    except ValidationError as error:
        # The field names only: a value of a record that does not validate is not shown.
        fields = sorted({".".join(map(str, problem["loc"])) for problem in error.errors()})
        log.warning("skipped %s offset %d: invalid %s", record.topic, record.offset, fields)
        return None
    if not isinstance(release, FeedRelease):
        log.warning(
            "skipped %s offset %d: a %s is not a FeedRelease",
            record.topic,
            record.offset,
            release.avro_name,
        )
        return None
    key = (record.key or b"").decode(errors="replace")
    out = ReleaseOut(key=key, offset=record.offset, release=release)
    return StoredRelease(record.offset, key, release, out.model_dump_json())
