"""What stage 1 tells stage 2 on the trajectory-facts topic (key: the region, or area).

One Kafka message is a *bundle*: the region's messages from one stage-1 batch, each
framed by its length and preceded by its *version*. A message is
``Y<youth>\\n<contribution>``: the whole
contribution of the youth's general events to the region, replacing what stage 2 held;
an empty contribution is a tombstone (the youth no longer touches the region).
``J<youth>\\n<contribution>`` is the same for the youth's justice events, which are
counted apart (``streams.youth_stage.justice``); ``M<youth>\\n<contribution>`` its general events
counted by municipality of residence (``streams.youth_stage.residents``: the key is then the
municipality's CBS code, not a region) and ``P<youth>\\n<contribution>`` by provider's part
of a region (``streams.youth_stage.providers``: the key is ``<AGB code>@<region>``).
``L<location>\\n<location state>`` is a location's whole capacity state. Whole values,
never increments (DEFINITIONS.md "Exactness").

A message's version is the offset of the latest input message its subject's step took
(the subject's events all lie on one input partition), so a newer value of a subject has
a higher version whoever computed it, and stage 2 keeps the highest: a bundle that lands
late (from a worker that lost its partitions, or an attempt that crashed before it
stored its states) cannot take a held value back (DEFINITIONS.md "Exactness", 2).

Bundling is what makes stage 2 cheap: faust's per-message path costs more than what
stage 2 does with a message, so one Kafka message carries a batch's worth of them.
"""

import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

YOUTH, JUSTICE, RESIDENTS, PROVIDERS, LOCATION = b"Y", b"J", b"M", b"P", b"L"
# A youth's general, justice, municipality-of-residence and provider-area contributions.
YOUTH_KINDS = (YOUTH, JUSTICE, RESIDENTS, PROVIDERS)
# Kafka's default message limit is 1 MB; a bundle stays well below it.
BUNDLE_BYTES = 256 * 1024
_LENGTH = struct.Struct(">I")
_VERSION = struct.Struct(">Q")


@dataclass(frozen=True, slots=True)
class RegionMessage:
    kind: bytes  # one of YOUTH_KINDS, or LOCATION
    subject: str  # youth pseudonym or location key
    body: bytes  # contribution / location state; empty: tombstone

    def encode(self) -> bytes:
        return self.kind + self.subject.encode() + b"\n" + self.body

    @classmethod
    def decode(cls, data: bytes) -> "RegionMessage":
        head, _, body = data.partition(b"\n")
        return cls(head[:1], head[1:].decode(), body)


# A message with its version: the input offset of the latest event it reflects.
Versioned = tuple[int, RegionMessage]


def bundles(messages: Sequence[Versioned]) -> Iterator[bytes]:
    """The messages framed into as few bundles as fit :data:`BUNDLE_BYTES`, in order."""
    parts: list[bytes] = []
    size = 0
    for version, message in messages:
        encoded = _VERSION.pack(version) + message.encode()
        if parts and size + len(encoded) > BUNDLE_BYTES:
            yield b"".join(parts)
            parts, size = [], 0
        parts += (_LENGTH.pack(len(encoded)), encoded)
        size += _LENGTH.size + len(encoded)
    if parts:
        yield b"".join(parts)


def unbundle(data: bytes) -> Iterator[Versioned]:
    """The inverse of :func:`bundles` for one bundle."""
    offset = 0
    while offset < len(data):
        (length,) = _LENGTH.unpack_from(data, offset)
        offset += _LENGTH.size
        (version,) = _VERSION.unpack_from(data, offset)
        start = offset + _VERSION.size
        yield version, RegionMessage.decode(data[start : offset + length])
        offset += length
