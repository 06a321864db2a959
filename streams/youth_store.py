"""How stage 1 stores a youth: the regions it last told stage 2 about, and its events.

The regions are kept so that a youth who stops touching a region (after a retraction)
gets a tombstone there, without deriving the old state again.
"""

from streams.trajectory import YouthState, youth_state_from_bytes, youth_state_to_bytes


def pack_youth(regions: set[str], state: YouthState) -> bytes:
    return ",".join(sorted(regions)).encode() + b"\n" + youth_state_to_bytes(state)


def unpack_youth(stored: bytes | None) -> tuple[set[str], YouthState]:
    if not stored:
        return set(), YouthState()
    head, _, body = stored.partition(b"\n")
    regions = set(head.decode().split(",")) if head else set()
    return regions, youth_state_from_bytes(body)
