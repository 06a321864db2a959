"""Case references as their issuers number them, unique within a run.

Values carry the run's tag so that two simulations with different seeds sent to one hub
never share a reference; they stay within the 36 characters a raw reference allows.
"""

from connectors.simulator.state import Organisation, Reference

REGISTRATION = "W"
ASSIGNMENT = "T"
PLACEMENT = "P"


class CaseNumbers:
    def __init__(self, tag: str) -> None:
        self._tag = tag
        self._last: dict[str, int] = {}

    def new(self, kind: str, issuer: Organisation) -> Reference:
        number = self._last.get(kind, 0) + 1
        self._last[kind] = number
        return {
            "value": f"{self._tag}-{kind}{number}",
            "issued_by": f"{issuer['organisation_type']}:{issuer['code']}",
        }
