"""Robustness suites: argument fuzzing (hypothesis over ``httpx.MockTransport``) and hostile servers (raw
sockets).

``make fuzz`` sets ``TELECRM_FUZZ=1``: the fuzz tests then run many random examples instead of a few
derandomized ones. Either way the session ends with a summary: how many public calls the fuzz tests made, and
how many raw (non-``TelecrmError``) exceptions they saw, split into known bugs (each has a strict-xfail
reproduction in ``test_fuzz_arguments.py``) and anything new (which fails the test that saw it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fuzz_support import STATS
from hostile_server import Conn, HostileServer, Request


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[Conn, Request], None]], HostileServer]]:
    """Start a scripted raw-socket server per call (``serve(handler)``); every one is stopped at the end
    of the test, and a handler that itself failed fails the test."""
    servers: list[HostileServer] = []

    def start(handler: Callable[[Conn, Request], None]) -> HostileServer:
        server = HostileServer(handler)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
    for server in servers:
        assert not server.errors, f"the scripted server itself failed: {server.errors!r}"


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if STATS.calls:
        terminalreporter.write_sep("=", "telecrm fuzz summary")
        for line in STATS.report_lines():
            terminalreporter.write_line(line)
