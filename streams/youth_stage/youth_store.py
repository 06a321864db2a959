"""How stage 1 stores a youth: the regions it last told stage 2 about, and its events.

The regions are kept per kind of contribution (general, justice, residents: ``streams.messages``)
so that a youth who stops touching a region (after a retraction) gets a tombstone there,
without deriving the old state again.
"""

from collections.abc import Mapping

from streams.youth_stage.trajectory import YouthState, youth_state_from_bytes, youth_state_to_bytes


def pack_youth(told: Mapping[bytes, set[str]], state: YouthState) -> bytes:
    """``told``: per message kind, the regions that hold a contribution of the youth."""
    head = ";".join(
        kind.decode() + ":" + ",".join(sorted(regions))
        for kind, regions in sorted(told.items())
        if regions
    )
    return head.encode() + b"\n" + youth_state_to_bytes(state)


def unpack_youth(stored: bytes | None) -> tuple[dict[bytes, set[str]], YouthState]:
    if not stored:
        return {}, YouthState()
    head, _, body = stored.partition(b"\n")
    told = {}
    for part in head.decode().split(";") if head else ():
        kind, _, regions = part.partition(":")
        told[kind.encode()] = set(regions.split(","))
    return told, youth_state_from_bytes(body)
