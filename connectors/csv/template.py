"""What a CSV template is: its columns, and where each column's value goes in a raw record.

A template is data, not code: ``connectors.csv.catalog`` declares one per event type, and
``connectors.csv.records`` reads any of them the same way.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from privacy.raw_records import CapacityEventType, PersonEventType

Converter = Callable[[str], Any]  # a stripped, non-empty cell to its record value
SourceDefault = Callable[[Mapping[str, str]], str | None]  # a value from the submitting source
Kind = Literal["person", "capacity"]


def as_is(cell: str) -> str:
    return cell


@dataclass(frozen=True)
class Column:
    name: str  # Dutch, lower case, words joined by "_"
    # Where the value goes in the raw record; None: the column is read but not copied
    # (a name, which the hub must not carry, or a part of an id the reader assembles).
    path: tuple[str, ...] | None
    convert: Converter = as_is
    required: bool = False
    default: SourceDefault | None = None  # used when the cell is empty


@dataclass(frozen=True)
class Template:
    name: str
    event_type: PersonEventType | CapacityEventType
    columns: tuple[Column, ...]
    # Groups of columns of which at least one must be filled (gemeente or postcode, ...).
    one_of: tuple[tuple[str, ...], ...] = ()

    @property
    def kind(self) -> Kind:
        return "capacity" if self.event_type in get_args(CapacityEventType) else "person"

    @property
    def channel(self) -> str:
        return f"csv:{self.name}"

    def column(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.name == name), None)


# The columns that make event ids (``connectors.csv.records`` assembles them).
KENMERK = "kenmerk"
RETRACTED_TEMPLATE = "ingetrokken_sjabloon"
RETRACTED_KENMERK = "ingetrokken_kenmerk"


def source_event_id(template: str, kenmerk: str) -> str:
    """The id of a row's fact: the template keeps equal kenmerken of two templates apart."""
    return f"{template}|{kenmerk}"
