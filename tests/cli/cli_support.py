"""Running the `telecrm` command the way a user or a script does: as a real process, or its `main` in this
process (fast), against the fake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from telecrm.testing import FakeTelecrm


@attrs.frozen
class Result:
    status: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def environment_for(fake: FakeTelecrm | None, **overrides: str | None) -> dict[str, str]:
    """The process environment: the developer's, minus any TELECRM_* of theirs, plus the fake's settings."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("TELECRM_")}
    if fake is not None:
        environment |= {
            "TELECRM_ENTERPRISE_ID": fake.enterprise_id,
            "TELECRM_SYNC_TOKEN": fake.sync_token,
            "TELECRM_ASYNC_TOKEN": fake.async_token,
            "TELECRM_BASE_URL": fake.base_url,
            "TELECRM_INGEST_BASE_URL": fake.ingest_base_url,
        }
    for key, value in overrides.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    environment["COLUMNS"] = "200"  # wide tables, so that assertions do not depend on wrapping
    return environment


def telecrm(
    *args: str | Path,
    environment: Mapping[str, str],
    cwd: Path | None = None,
    command: tuple[str, ...] = (sys.executable, "-m", "telecrm"),
) -> Result:
    """Run the command line as a process (by default as `python -m telecrm`) and collect what it printed."""
    completed = subprocess.run(
        [*command, *map(str, args)],
        env=dict(environment),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def assert_one_line_error(result: Result, status: int = 1) -> str:
    """A failure is one line on stderr, no traceback, with a non-zero status; returns the line."""
    assert result.status == status, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@attrs.frozen
class Cli:
    """A configured user's command line on the fake: the fake (reset for the test), the environment pointing
    at it, a folder of the test's own for files, and the command run in this process (:meth:`run`, fast) or
    as a process of its own (:meth:`process`), with that environment unless given another."""

    fake: FakeTelecrm
    env: dict[str, str]
    tmp_path: Path
    capsys: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch

    def run(self, *args: str | Path, environment: Mapping[str, str] | None = None) -> Result:
        """The command line's `main` in this process (no interpreter start-up: fast), with the environment's
        TELECRM_* variables and stdout/stderr captured (neither is a terminal)."""
        from telecrm._cli import main

        self.configure(environment)
        self.capsys.readouterr()
        status = main([str(arg) for arg in args])
        captured = self.capsys.readouterr()
        return Result(status, captured.out, captured.err)

    def process(self, *args: str | Path, environment: Mapping[str, str] | None = None) -> Result:
        """`python -m telecrm args` as a process of its own (see :func:`telecrm`)."""
        return telecrm(*args, environment=self.env if environment is None else environment)

    def configure(self, environment: Mapping[str, str] | None = None) -> None:
        """Set this process's TELECRM_* variables to the environment's (unsetting those it lacks), for the
        command run in this process or code that reads them itself."""
        environment = self.env if environment is None else environment
        for key in {key for key in [*os.environ, *environment] if key.startswith("TELECRM_")}:
            if key in environment:
                self.monkeypatch.setenv(key, environment[key])
            else:
                self.monkeypatch.delenv(key, raising=False)

    def write(self, name: str, text: str) -> Path:
        """A UTF-8 file `name` in the test's folder, holding `text`."""
        path = self.tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
