"""Fixtures for the command line: `cli`, what a test of the command needs (the root conftest's `fake`, the
environment pointing at it, a folder, and the command to run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import Cli, environment_for

from telecrm.testing import FakeTelecrm


@pytest.fixture
def env(fake: FakeTelecrm) -> dict[str, str]:
    """The environment of a configured user: every TELECRM_* variable pointing at the fake."""
    return environment_for(fake)


@pytest.fixture
def cli(
    fake: FakeTelecrm,
    env: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Cli:
    """The command line of a configured user of the fake, for one test."""
    return Cli(fake, env, tmp_path, capsys, monkeypatch)
