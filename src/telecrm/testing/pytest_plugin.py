"""pytest plugin: the `telecrm_fake` fixture, a running fake Telecrm in the state its workspace describes.

One fake serves the whole session (starting one takes a few tenths of a second); `telecrm_fake` resets it
before each test: initial leads and team, no faults, empty logs. To serve your own workspace or options,
override the session-scoped fixtures in your `conftest.py`:

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

from collections.abc import Iterator
from os import PathLike
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
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
