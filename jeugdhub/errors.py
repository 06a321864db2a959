"""The base of every error jeugdhub reports to a person.

Each subclass says what went wrong and what to do about it, in words an operator or a
provider's IT person can act on; the command line prints the message and exits with
``exit_code`` instead of showing a stack trace.
"""


class JeugdhubError(Exception):
    """An error with a message meant for the person running jeugdhub."""

    exit_code: int = 1
