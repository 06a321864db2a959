"""A small JSON state file (token hashes, subscribers) shared between processes.

Written atomically (a temporary file with mode 600, then renamed), so a reader never
sees half a file; read again only when its inode, modification time or size changed, so
a server that checks it on every request picks up a command's change without a restart.
"""

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class JsonStateFile(Generic[T]):
    """The parsed content of one JSON file; ``empty`` while the file does not exist."""

    def __init__(self, path: Path, parse: Callable[[Any], T], empty: Callable[[], T]) -> None:
        self.path = path
        self._parse = parse
        self._empty = empty
        self._value: T = empty()
        self._loaded: tuple[int, int, int] | None = None

    def current(self) -> T:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._value, self._loaded = self._empty(), None
            return self._value
        # Every write is a new file (a new inode): two writes within one tick of the
        # file system's clock still differ.
        version = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if version != self._loaded:
            self._value = self._parse(json.loads(self.path.read_text()))
            self._loaded = version
        return self._value

    def write(self, data: Any) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            json.dump(data, file, indent=2)
        os.replace(temporary, self.path)
