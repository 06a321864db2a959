"""Why a regime could not be had: a broken policy file, or a name no file defines.

Either stops the process at start, before anything can leave the hub under a policy that
was not what its author wrote.
"""

from pathlib import Path

from jeugdhub.errors import JeugdhubError


class RegimeFileError(JeugdhubError):
    """A policy file is unreadable or invalid; the message names the file and each field."""

    exit_code = 2

    def __init__(self, path: Path, problems: list[tuple[str, str]]) -> None:
        self.path = path
        self.problems = problems
        listed = "; ".join(f"{field}: {reason}" for field, reason in problems)
        super().__init__(f"{path}: {listed} (fix the policy file; nothing is defaulted)")


class UnknownRegimeError(JeugdhubError):
    """A regime name that no policy file defines."""

    exit_code = 2

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        super().__init__(f"unknown regime {name!r}; the policy files define: {', '.join(known)}")
