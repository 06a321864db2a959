"""Reading the children of one iJw element by namespace and local name, collecting problems.

Namespaces are matched by URI only; prefixes are free. Elements declared in a message
schema (Header, Client, Bsn, StartProduct, Begindatum, …) are in the message's namespace,
but the children of the basisschema's composite types (CDT_…: Geboortedatum/Datum,
Product/Categorie, Verwijzer/Type, BerichtIdentificatie/Identificatie, …) are in the
basisschema namespace: :meth:`Reader.section` reads the former, :meth:`Reader.group` the
latter. A missing element that is present under another namespace is reported as such.

Problems are collected instead of raised, so one pass reports everything wrong with a
block. A value that cannot be read is replaced by its type's stand-in; :func:`read_part`
throws away whatever was built from a reader that found problems. Every problem names
the element path (``Client/StartProducten/StartProduct[2]/Begindatum``), never a value.
Elements the hub does not read are not checked: it is not an XSD validator.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar
from xml.etree.ElementTree import Element

from connectors.ijw.messages import BASIS_NAMESPACE
from connectors.ijw.values import BadValue, ValueType
from jeugdhub.errors import InvalidInputError

T = TypeVar("T")
EMPTY_RULE = "RS033"


@dataclass(frozen=True)
class Part(Generic[T]):
    """What was read from one part of a message: a value, or the problems instead."""

    value: T | None
    problems: tuple[InvalidInputError, ...]


class Reader:
    """The children of one element (see the module docstring).

    ``element`` None stands for an element already reported missing: reading from it gives
    stand-ins and no further problems, so one missing group is one problem.
    """

    def __init__(
        self,
        element: Element | None,
        path: str,
        namespace: str,
        problems: list[InvalidInputError],
        error: type[InvalidInputError] = InvalidInputError,
    ) -> None:
        self._element = element
        self._path = path
        self._namespace = namespace
        self._problems = problems
        self._error = error

    @property
    def ok(self) -> bool:
        """No problem so far: checks across elements are only meaningful then."""
        return not self._problems

    def path_of(self, name: str) -> str:
        return f"{self._path}/{name}" if self._path else name

    def problem(self, name: str, reason: str, rule: str | None = None) -> None:
        self._problems.append(self._error(self.path_of(name), reason, rule))

    def one(self, name: str, kind: ValueType[T]) -> T:
        element = self._find(name, required=True)
        return kind.stand_in if element is None else self._value(name, element, kind)

    def optional(self, name: str, kind: ValueType[T]) -> T | None:
        element = self._find(name, required=False)
        return None if element is None else self._value(name, element, kind)

    def group(self, name: str, missing: str = "is missing", rule: str | None = None) -> "Reader":
        """A required element of a composite (CDT_) type: its children are basisschema."""
        element = self._find(name, required=True, missing=missing, rule=rule)
        return self._child(name, element, BASIS_NAMESPACE)

    def section(self, name: str) -> "Reader":
        """A required element declared in the message schema, with children declared there."""
        return self._child(name, self._find(name, required=True), self._namespace)

    def items(self, container: str, item: str) -> list[tuple[str, Element]]:
        """The path and element of each ``item`` in the required ``container`` (1..n)."""
        section = self.section(container)
        found = section._all(item)
        if section._element is not None and not found:
            section.problem(item, "is missing: at least one is required")
        return [(section.path_of(f"{item}[{n}]"), element) for n, element in enumerate(found, 1)]

    # -- inside -------------------------------------------------------------------------

    def _child(self, name: str, element: Element | None, namespace: str) -> "Reader":
        return Reader(element, self.path_of(name), namespace, self._problems, self._error)

    def _all(self, name: str) -> list[Element]:
        if self._element is None:
            return []
        tag = f"{{{self._namespace}}}{name}"
        return [child for child in self._element if child.tag == tag]

    def _find(
        self, name: str, required: bool, missing: str = "is missing", rule: str | None = None
    ) -> Element | None:
        found = self._all(name)
        if len(found) > 1:
            self.problem(name, "occurs more than once")
            return None
        if found:
            return found[0]
        if required and self._element is not None:
            other_namespace = self._in_other_namespace(name)
            self.problem(name, other_namespace or missing, None if other_namespace else rule)
        return None

    def _in_other_namespace(self, name: str) -> str | None:
        """The namespace trap: the right name under the wrong namespace (or none)."""
        assert self._element is not None
        if not any(child.tag.rpartition("}")[2] == name for child in self._element):
            return None
        expected = "basisschema" if self._namespace == BASIS_NAMESPACE else "message's"
        return f"is not in the {expected} namespace (it is in another one)"

    def _value(self, name: str, element: Element, kind: ValueType[T]) -> T:
        if len(element):
            self.problem(name, "must hold a value, not elements")
            return kind.stand_in
        if not element.text:
            self.problem(name, "is empty", EMPTY_RULE)
            return kind.stand_in
        try:
            return kind.read(element.text)
        except BadValue as bad:
            self.problem(name, bad.reason, bad.rule)
            return kind.stand_in


def read_part(
    element: Element,
    path: str,
    namespace: str,
    build: Callable[[Reader], T],
    error: type[InvalidInputError] = InvalidInputError,
) -> Part[T]:
    """Build a value from ``element``, or the problems that prevented it (never both)."""
    problems: list[InvalidInputError] = []
    value = build(Reader(element, path, namespace, problems, error))
    return Part(None, tuple(problems)) if problems else Part(value, ())
