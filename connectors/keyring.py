"""The key store as a long-running connector follows it: reopened when the file changes.

``jeugdhub keys rotate``, ``retire`` and ``rewrap`` rewrite the store atomically (a new
file renamed over the old: ``privacy.keys``), so the file's identity (device, inode),
modification time and size change with every write. The ingest checks them once per
batch (one ``stat``, ~1 µs, beside a batch that costs a pseudonymisation per record) and
reopens the store when they differ: a gateway, ingest or simulate run then pseudonymises
under a rotated version from its next batch on, and drops a retired one from memory
(with the pseudonyms it cached), without a restart and without a signal that an operator
must remember to send to every process on every machine. A Kubernetes Secret mounted as
a file is swapped by a symlink change, which ``stat`` follows.

Fail closed: when the changed store cannot be opened (a rewrap whose new KEK the process
does not have yet, a damaged file), the batch is refused with :class:`KeysUnavailableError`
and nothing is pseudonymised with the keys held before; the next batch tries again.
"""

import os
from collections.abc import Callable
from pathlib import Path

from jeugdhub.errors import JeugdhubError
from privacy.keys import KeyStore, KeyStoreError

Stamp = tuple[int, int, int, int]


class KeysUnavailableError(JeugdhubError):
    """The key store changed on disk and cannot be opened: nothing is accepted."""

    def __init__(self, path: Path, cause: KeyStoreError) -> None:
        super().__init__(
            f"the key store {path} changed and cannot be opened ({cause}); nothing was "
            "accepted. If it was rewrapped, point the KEK setting (its file) at the new "
            "key; retry after that"
        )


def _stamp(path: Path) -> Stamp | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino, status.st_mtime_ns, status.st_size)


class FollowedKeyStore:
    """The store at ``path`` as last opened, and whether the file changed since."""

    def __init__(self, path: Path, kek: Callable[[], bytes]) -> None:
        self._path = path
        self._kek = kek  # read again at each reopening: a KEK file may have changed too
        # Stamped before reading: a write between the two is seen as a change next time.
        self._stamp = _stamp(path)
        self.store = KeyStore.open(path, kek())

    def __repr__(self) -> str:
        return f"FollowedKeyStore({str(self._path)!r})"

    def changed(self) -> KeyStore | None:
        """The store reopened, when the file differs from the one last opened; else None."""
        stamp = _stamp(self._path)
        if stamp == self._stamp:
            return None
        try:
            store = KeyStore.open(self._path, self._kek())
        except KeyStoreError as error:
            raise KeysUnavailableError(self._path, error) from None
        self._stamp, self.store = stamp, store
        return store
