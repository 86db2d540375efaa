"""pytest plugin: a running fake Telecrm, and clients set up for it.

Fixtures:

- `telecrm_client`: a `telecrm.Telecrm` pointed at the fake (enterprise id, both tokens, both base URLs),
  closed after the test. A test of your code needs one line: `def test_it(telecrm_client): ...`.
- `telecrm_async_client`: the same as a `telecrm.AsyncTelecrm`. It is an async fixture: run the test with
  anyio's pytest plugin (installed with httpx; mark the test `@pytest.mark.anyio`) or pytest-asyncio in auto
  mode. In pytest-asyncio's strict mode, write your own:
  `@pytest_asyncio.fixture` / `async with telecrm_fake.async_client() as client: yield client`.
- `telecrm_fake`: the `FakeTelecrm` itself, to inspect `state` (with the `headers` of every request), inject
  `faults`, or build clients with other options (`telecrm_fake.client(max_retries=0)`).

Scope and state: one fake serves the whole session (`telecrm_fake_server`, session-scoped; starting one takes
a few tenths of a second), on a free loopback port. `telecrm_fake` resets it before each test that asks for
it, directly or through `telecrm_client` / `telecrm_async_client`: the workspace's initial leads and team, no
faults, the initial tokens only, fresh rate windows, empty logs, nothing queued. So every such test starts
from the same state, whatever the tests before it did. (`telecrm_fake_server` alone gives the fake as the
previous test left it.) Under pytest-xdist each worker process has its own fake.

To serve your own workspace or options, override the session-scoped fixtures in your `conftest.py`:

```python
@pytest.fixture(scope="session")
def telecrm_fake_workspace():
    return Workspace.load("tests/workspace.yaml")

@pytest.fixture(scope="session")
def telecrm_fake_options():
    return {"async_rate_limit": 100, "rate_window": 1.0}
```

A test that needs a fake of its own can use `FakeTelecrm.running(...)` directly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from os import PathLike
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from telecrm import AsyncTelecrm, Telecrm
    from telecrm.testing import FakeOptions, FakeTelecrm, Workspace

# pytest imports this module in every run once telecrm is installed: the server's dependencies (the testing
# extra) are imported only when a test asks for the fake.


@pytest.fixture(scope="session")
def telecrm_fake_workspace() -> Workspace | str | PathLike[str] | None:
    """The workspace the session's fake serves (a `Workspace` or a file path); None for the default."""
    return None


@pytest.fixture(scope="session")
def telecrm_fake_options() -> FakeOptions:
    """Keyword options for the session's `FakeTelecrm`."""
    return {}


@pytest.fixture(scope="session")
def telecrm_fake_server(
    telecrm_fake_workspace: Workspace | str | PathLike[str] | None, telecrm_fake_options: FakeOptions
) -> Iterator[FakeTelecrm]:
    """The session's running fake, as the previous test left it; prefer `telecrm_fake`."""
    try:
        from telecrm.testing._server import FakeTelecrm
    except ImportError as exc:
        message = f"the fake Telecrm needs the testing extra, pip install 'telecrm[testing]': {exc}"
        pytest.fail(message, pytrace=False)
    with FakeTelecrm.running(telecrm_fake_workspace, **telecrm_fake_options) as fake:
        yield fake


@pytest.fixture
def telecrm_fake(telecrm_fake_server: FakeTelecrm) -> FakeTelecrm:
    """The session's running fake, reset to its workspace's initial state."""
    telecrm_fake_server.reset()
    return telecrm_fake_server


@pytest.fixture
def telecrm_client(telecrm_fake: FakeTelecrm) -> Iterator[Telecrm]:
    """A `telecrm.Telecrm` for the freshly reset fake, closed after the test."""
    with telecrm_fake.client() as client:
        yield client


@pytest.fixture
async def telecrm_async_client(telecrm_fake: FakeTelecrm) -> AsyncIterator[AsyncTelecrm]:
    """A `telecrm.AsyncTelecrm` for the freshly reset fake, closed after the test (an async fixture)."""
    async with telecrm_fake.async_client() as client:
        yield client
