"""Fixtures every test directory shares: a clean ``TELECRM_*`` environment for each test, a fake Telecrm per
module (``fake``), anyio on asyncio, the ``telecrm`` logger put back after a test that configures it, and the
fake's pytest plugin registered.

A directory's ``conftest.py`` holds only what its own tests need; a fixture there that sets ``TELECRM_*``
variables (pointing them at a fake) depends on ``clean_telecrm_environment``, so that it runs after the
clearing.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from telecrm.testing import pytest_plugin

if TYPE_CHECKING:
    from telecrm.testing import FakeTelecrm

# The robustness suite's own switches (`make fuzz` sets TELECRM_FUZZ=1): read by the tests, never by the SDK,
# which names every other TELECRM_* variable it does not read when a setting is missing.
_SUITE_SWITCHES = "TELECRM_FUZZ"


def pytest_configure(config: pytest.Config) -> None:
    # The plugin loads by its entry point once the package is installed with one; until then, register it.
    if not config.pluginmanager.is_registered(pytest_plugin):
        config.pluginmanager.register(pytest_plugin, "telecrm.testing.pytest_plugin")


@pytest.fixture(autouse=True)
def clean_telecrm_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``TELECRM_*`` variable from the developer's shell reaches a test: every one is removed (the SDK's
    settings, ``TELECRM_DEFAULT_REGION``, ``TELECRM_REDIS_URL``, and the unread ones the SDK would name in an
    error), except the suite's own ``TELECRM_FUZZ*`` switches; the test's ``monkeypatch`` puts them back."""
    for name in [name for name in os.environ if name.startswith("TELECRM_")]:
        if not name.startswith(_SUITE_SWITCHES):
            monkeypatch.delenv(name)


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeTelecrm]:
    """A fake Telecrm per test module, over real sockets, enforcing no Async rate limit: pacing is the
    client's job, and a test that checks it starts a fake with a limit of its own."""
    # Imported here: a run that starts no fake (tests/unit alone) does not load the server.
    from telecrm.testing import FakeTelecrm

    with FakeTelecrm.running(async_rate_limit=None) as fake:
        yield fake


@pytest.fixture
def fake(fake_server: FakeTelecrm) -> FakeTelecrm:
    """The module's fake, reset: its workspace's seed data, no faults, empty logs. (``tests/e2e`` and
    ``tests/export`` override it: the plugin's session fake, and a fake of the test's own.)"""
    fake_server.reset()
    return fake_server


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def restore_telecrm_logger() -> Iterator[logging.Logger]:
    """The process-wide ``telecrm`` logger, put back after the test: ``TELECRM_LOG`` and a reader's example
    configure it, and no handler or level may stay behind for the tests after."""
    logger = logging.getLogger("telecrm")
    level, handlers = logger.level, list(logger.handlers)
    yield logger
    logger.setLevel(level)
    logger.handlers[:] = handlers
