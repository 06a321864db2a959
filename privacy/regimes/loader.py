"""Reading the policy files (``<name>.toml`` in the regimes directory) into ``Regime``s.

Where it stands: at the start of every process that lets data out. Every file is read and
validated before any is used; the first broken one stops the start with its path and the
fields at fault.
"""

import tomllib
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from jeugdhub.settings import get_settings
from privacy.regimes.errors import RegimeFileError, UnknownRegimeError
from privacy.regimes.model import Regime


def load_regime_file(path: Path) -> Regime:
    """One policy file, validated; its ``name`` must be its file name without ``.toml``."""
    try:
        with path.open("rb") as policy:
            document = tomllib.load(policy)
    except OSError as error:
        raise RegimeFileError(path, [("(file)", f"cannot be read: {error.strerror}")]) from None
    except tomllib.TOMLDecodeError as error:
        raise RegimeFileError(path, [("(file)", f"not valid TOML: {error}")]) from None
    try:
        regime = Regime.model_validate(document)
    except ValidationError as error:
        raise RegimeFileError(path, [_problem(detail) for detail in error.errors()]) from None
    if regime.name != path.stem:
        raise RegimeFileError(path, [("name", f"must be the file name {path.stem!r}")])
    return regime


def load_regimes(directory: Path | None = None) -> dict[str, Regime]:
    """Every regime in ``directory`` (default: the ``regimes_dir`` setting), by name."""
    folder = directory or get_settings().regimes_dir
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise RegimeFileError(folder, [("(directory)", "holds no <regime>.toml policy file")])
    return {path.stem: load_regime_file(path) for path in paths}


def regime(name: str, directory: Path | None = None) -> Regime:
    """The regime called ``name``; every policy file is validated on the way."""
    regimes = load_regimes(directory)
    if name not in regimes:
        raise UnknownRegimeError(name, sorted(regimes))
    return regimes[name]


def _problem(detail: ErrorDetails) -> tuple[str, str]:
    # pydantic's loc names the field. A model-level check (the model's own validators)
    # names the field at the start of its message, below the loc of the model it checks.
    # The input value is never repeated.
    loc = [str(part) for part in detail["loc"] if part not in _UNION_TAGS]
    message = detail["msg"].removeprefix("Value error, ")
    if detail["type"] == "value_error" and ": " in message:
        field, message = message.split(": ", 1)
        loc.append(field)
    return ".".join(loc) or "(regime)", message


# The discriminated union puts the method into the loc (protection.threshold.k); the file
# says protection.k.
_UNION_TAGS = ("threshold", "cell-key", "differential-privacy")
