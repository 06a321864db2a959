"""The iJw 3.2 connector: JW315, JW301, JW305 and JW307 messages become submissions.

``submissions_from_ijw(data, name)`` reads one message (bytes, as received) and returns
the :class:`connectors.ingest.Submission` s for the ingest pipeline, one per product
block in scope; :class:`IjwMessageError` marks the problems that reject a message as a
whole. The modules, in the order a message passes them:

- ``secure_xml``: hostile bytes to an XML tree (size, UTF-8, no DTD or entities)
- ``messages``, ``reader``, ``values``, ``codes``: namespaces, elements, iJw types and codes
- ``parse``: the tree to the typed ``model`` (header, client, product blocks)
- ``keys``: deterministic source event ids and case references
- ``records``: each block as a raw person record (ijw-3.2.md §8)
- ``mapping``: which blocks are in scope, and the submissions
"""

from connectors.ijw.errors import IjwMessageError
from connectors.ijw.mapping import submissions_from_ijw

__all__ = ["IjwMessageError", "submissions_from_ijw"]
