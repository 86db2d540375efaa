"""Running the `telecrm` command as a real process, the way a user or a script does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from telecrm.testing import FakeTelecrm

TELECRM_ENVIRONMENT = (
    "TELECRM_ENTERPRISE_ID",
    "TELECRM_SYNC_TOKEN",
    "TELECRM_ASYNC_TOKEN",
    "TELECRM_BASE_URL",
    "TELECRM_INGEST_BASE_URL",
    "TELECRM_LOG",
    "TELECRM_DEFAULT_REGION",
    "TELECRM_REDIS_URL",
)


@attrs.frozen
class Result:
    status: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def environment_for(fake: FakeTelecrm | None, **overrides: str | None) -> dict[str, str]:
    """The process environment: the developer's, minus any TELECRM_* of theirs, plus the fake's settings."""
    environment = {key: value for key, value in os.environ.items() if key not in TELECRM_ENVIRONMENT}
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


def in_process(*args: str | Path, environment: Mapping[str, str], capsys: Any, monkeypatch: Any) -> Result:
    """Run the command line's `main` in this process (no interpreter start-up: fast), with `environment`'s
    TELECRM_* variables and stdout/stderr captured (neither is a terminal)."""
    from telecrm._cli import main

    for key in TELECRM_ENVIRONMENT:
        if key in environment:
            monkeypatch.setenv(key, environment[key])
        else:
            monkeypatch.delenv(key, raising=False)
    capsys.readouterr()
    status = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return Result(status, captured.out, captured.err)
