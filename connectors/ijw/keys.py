"""Source event ids and case references of iJw blocks: deterministic, and linkable.

Deterministic, so that the same message ingested again yields the same events (the edge
derives the event id from the source and the source event id). Linkable, so that:

- a status-3 block (delete) computes the source event id of the status-1 block it
  deletes from its logical key alone (IV008: BSN, ToewijzingNummer, Product, Begindatum),
  without having seen that block;
- a JW307 stop refers to the placement of the JW305 start it stops: it carries the start's
  Begindatum (TR382), so both get the same placement reference;
- a JW305 start carries the JW301 assignment's number, and a JW301 assignment the JW315
  request's provider reference, so the hub can link request, assignment and placement.

Numbers are xs:integer: "070010001" and "70010001" are one assignment, so they enter keys
in canonical form. Source event ids and placement keys hold the BSN, which makes them
unique across clients; they never leave the edge as they are (it hashes the source event
id with a secret key into the public event id, and pseudonymises references), and they
are never logged.

A key that is deleted and later sent with status 1 again gets its old id back, which the
ingest pipeline treats as a duplicate of the retracted event; iJw corrections normally
change a key part (such as Begindatum), so this is rare.
"""

import hashlib

from connectors.ijw import codes
from connectors.ijw.model import (
    AssignedProduct,
    Client,
    RequestedProduct,
    StartedProduct,
    StoppedProduct,
)

# RawReference.value holds at most 36 characters; a logical key can be longer.
_REFERENCE_LENGTH = 32


def request_id(block: RequestedProduct) -> str:
    # ReferentieAanbieder is unique per provider (TR347).
    return f"JW315|{block.provider_reference}"


def assignment_id(block: AssignedProduct) -> str:
    # One ToewijzingNummer can be decided several times (changes, revocation): the
    # decision's date and time tell the versions apart, and OP087 repetitions are equal.
    decided = f"{block.decided_on.isoformat()}T{block.decided_at.isoformat()}"
    return f"JW301|{block.assignment_number}|{decided}"


def logical_key(client: Client, block: StartedProduct | StoppedProduct) -> str:
    """IV008: what identifies one start, and the stops of that start."""
    number = "" if block.assignment_number is None else str(block.assignment_number)
    product = block.product
    parts = (client.bsn, number, product.category, product.code or "", block.begin.isoformat())
    return "|".join(parts)


def start_id(client: Client, block: StartedProduct) -> str:
    return f"JW305|{logical_key(client, block)}"


def stop_id(client: Client, block: StoppedProduct) -> str:
    # A suspension (reason 20) and the definitive stop after it share the logical key and
    # may share the Einddatum (TR414 allows equal), so the suspension is marked apart.
    suspension = "|suspended" if block.stop_reason == codes.SUSPENDED else ""
    return f"JW307|{logical_key(client, block)}|{block.end.isoformat()}{suspension}"


def deletion_id(deleted_id: str) -> str:
    """The id of the retraction itself: the delete is a fact of its own."""
    return f"{deleted_id}|delete"


def placement_reference(client: Client, block: StartedProduct | StoppedProduct) -> str:
    """The start and its stops get the same value: one placement.

    A digest because a reference value is capped at 36 characters. It needs no key: it
    goes no further than the edge, which pseudonymises it with a keyed hash.
    """
    key = logical_key(client, block).encode()
    return hashlib.sha256(key).hexdigest()[:_REFERENCE_LENGTH]
