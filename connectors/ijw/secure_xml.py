"""Hostile bytes in, one XML element tree out, or a reason the message is refused.

iJw messages come from outside, so the parser is defusedxml's with every safeguard on: a
DOCTYPE is refused outright (no iJw schema uses one, and refusing it also stops entity
expansion such as "billion laughs"), entity declarations and external references are
refused too, so nothing is expanded and no referenced file or URL is ever read. Before
parsing, the size is capped (a message is a few kilobytes; 5 MB is far beyond any real
one) and the encoding must be UTF-8 without a byte order mark, as business rule OP192
requires; the parser is told to decode UTF-8 whatever the XML declaration says.

Reasons name what is wrong, never content of the message: parser error texts can quote
it, so they are not passed on (only the line and column are).
"""

import codecs
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from connectors.ijw.errors import IjwMessageError

MAX_MESSAGE_BYTES = 5 * 1024 * 1024
FILE_FORMAT_RULE = "OP192"
_FIELD = "message"


def parse_xml(data: bytes) -> Element:
    """The root element of ``data``; ``IjwMessageError`` when it is refused."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise IjwMessageError(
            _FIELD, f"is larger than {MAX_MESSAGE_BYTES} bytes; no iJw message is that large"
        )
    if data.startswith(codecs.BOM_UTF8):
        raise IjwMessageError(_FIELD, "starts with a byte order mark", FILE_FORMAT_RULE)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise IjwMessageError(_FIELD, "is not UTF-8", FILE_FORMAT_RULE) from None
    # NUL is valid UTF-8 but never XML; it is how UTF-16 text looks, which expat would
    # otherwise detect and decode despite being told UTF-8.
    if b"\0" in data:
        raise IjwMessageError(_FIELD, "contains NUL bytes: not UTF-8 XML", FILE_FORMAT_RULE)
    parser = DefusedXMLParser(
        encoding="utf-8", forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(data)
        return parser.close()
    except DefusedXmlException:
        # With DTDs forbidden this is always the DOCTYPE: entities can only be declared in
        # one. The other safeguards stay on in case that ever changes.
        reason = "has a DOCTYPE or entity declaration; iJw messages never use either"
    except ParseError as error:
        line, column = error.position
        reason = f"is not well-formed XML (line {line}, column {column})"
    raise IjwMessageError(_FIELD, reason)
