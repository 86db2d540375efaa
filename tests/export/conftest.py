"""Exports against the fake: every test gets its own DuckDB file and dlt working folder, dlt's telemetry
off (the machine may have no network: nothing must try to reach one) and the ``TELECRM_*`` variables of its
fake."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from export_support import environment

from telecrm.testing import FakeTelecrm


@pytest.fixture(autouse=True)
def dlt_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """dlt's working folders under tmp_path, telemetry off, and an empty current folder (no .dlt config)."""
    monkeypatch.setenv("RUNTIME__DLTHUB_TELEMETRY", "false")
    monkeypatch.setenv("DLT_DATA_DIR", str(tmp_path / "dlt"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def fake(clean_telecrm_environment: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeTelecrm]:
    """A fake of the test's own, with the ``TELECRM_*`` variables pointing at it."""
    with FakeTelecrm.running() as running:
        for name, value in environment(running).items():
            monkeypatch.setenv(name, value)
        yield running
