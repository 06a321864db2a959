"""The error of a problem that rejects a whole iJw message rather than one product block."""

from jeugdhub.errors import InvalidInputError


class IjwMessageError(InvalidInputError):
    """The message cannot be read as a whole: its XML, its root, its header or its client.

    Such a problem touches every product block, so the message yields one rejected
    submission instead of one per block. Like every ``InvalidInputError`` it names the
    element path and the reason, never the value.
    """
