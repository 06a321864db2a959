"""The base of every error jeugdhub reports to a person.

Each subclass says what went wrong and what to do about it, in words an operator or a
provider's IT person can act on; the command line prints the message and exits with
``exit_code`` instead of showing a stack trace.
"""


class JeugdhubError(Exception):
    """An error with a message meant for the person running jeugdhub."""

    exit_code: int = 1


class InvalidInputError(JeugdhubError):
    """One field of an incoming record is rejected.

    The message names the field and the reason (and the iJw rule where there is one) but
    never repeats the value: it may be a BSN, a name or a birth date.
    """

    def __init__(self, field: str, reason: str, rule: str | None = None) -> None:
        self.field = field
        self.reason = reason
        self.rule = rule
        suffix = f" ({rule})" if rule else ""
        super().__init__(f"{field}: {reason}{suffix}")


class UnknownCodeError(InvalidInputError):
    """A code (municipality, care function, AGB, ...) is not in the reference data.

    Codes are not personal data, so this message may show the code itself.
    """

    def __init__(self, field: str, code: str, what: str) -> None:
        super().__init__(field, f"unknown {what} code {code!r}")
        self.code = code


class UsageError(JeugdhubError):
    """A command was given an argument it cannot use; the message says which and why."""

    exit_code = 2
