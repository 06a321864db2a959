"""What the feed API answers; the OpenAPI description comes from these models."""

from pydantic import BaseModel, Field

from schemas.feeds import FeedRelease


class ReleaseOut(BaseModel):
    """One release as it is on the feed topic, with where it is there."""

    key: str = Field(description="kind/scope, e.g. CAPACITY/utrecht-stad")
    offset: int = Field(
        description="its offset on the feed topic: the SSE event id, and the Last-Event-ID "
        "to resume a stream from"
    )
    release: FeedRelease


class FeedSnapshot(BaseModel):
    """The latest release of every key on the subscriber's feed."""

    subscriber: str
    regime: str
    releases: list[ReleaseOut] = Field(
        description="ordered by key; open the stream with the highest offset as Last-Event-ID "
        "to miss nothing after this snapshot"
    )


class ErrorOut(BaseModel):
    detail: str
