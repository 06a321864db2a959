"""The operator tests run a whole hub on a broker of their own (``tests/worker``'s ``hub``)."""

from tests.worker.conftest import hub  # noqa: F401 - the fixture, for these tests too
