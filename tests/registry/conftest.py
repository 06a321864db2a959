"""The registry's broker tests submit through a really running gateway."""

from tests.gateway.conftest import gateway  # noqa: F401 - the gateway fixture, shared
