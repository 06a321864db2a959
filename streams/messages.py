"""What stage 1 tells stage 2 on the trajectory-facts topic (key: the region).

``Y<youth>\\n<contribution>``: the youth's whole contribution to the region, replacing
what stage 2 held; an empty contribution is a tombstone (the youth no longer touches the
region). ``L<location>\\n<location state>``: a location's whole capacity state. Whole
values, never increments: replaying a message twice, or an older one before a newer one,
ends in the same state once the newest has arrived.
"""

from dataclasses import dataclass

YOUTH, LOCATION = b"Y", b"L"


@dataclass(frozen=True, slots=True)
class RegionMessage:
    kind: bytes  # YOUTH or LOCATION
    subject: str  # youth pseudonym or location key
    body: bytes  # contribution / location state; empty: tombstone

    def encode(self) -> bytes:
        return self.kind + self.subject.encode() + b"\n" + self.body

    @classmethod
    def decode(cls, data: bytes) -> "RegionMessage":
        head, _, body = data.partition(b"\n")
        return cls(head[:1], head[1:].decode(), body)

    @property
    def table_key(self) -> str:
        return f"{self.kind.decode()}|{self.subject}"
