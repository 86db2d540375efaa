"""Fixtures for checking the documentation's code blocks: one mypy run over all of them, and a sandbox that
points the ``TELECRM_*`` variables at the session's fake Telecrm."""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from doc_blocks import ROOT, Block, chains, collect, module_text

from telecrm._cli import main
from telecrm.testing import FakeTelecrm

_MYPY_LINE = re.compile(r"^(?P<file>.+?):(?P<line>[0-9]+): (?P<severity>error|note): (?P<message>.*)$")


@pytest.fixture(scope="session")
def workspace_types(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``workspace_types.py``, the module ``telecrm types --from-fake`` writes for the default workspace:
    blocks import it as a reader imports the one generated for their workspace."""
    path = tmp_path_factory.mktemp("workspace-types") / "workspace_types.py"
    assert main(["types", "--from-fake", "--output", str(path)]) == 0
    return path


@pytest.fixture(scope="session")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory, workspace_types: Path) -> dict[str, list[str]]:
    """Block id -> mypy ``--strict`` messages about that block's lines, from one mypy run over every block."""
    directory = tmp_path_factory.mktemp("doc-blocks")
    shutil.copy(workspace_types, directory)
    files: dict[Path, list[Block]] = {}
    for chain in chains(collect()):
        head = chain[0]
        path = directory / f"doc_{re.sub(r'[^0-9A-Za-z]+', '_', head.id)}.py"
        path.write_text(module_text(chain), encoding="utf-8")
        files[path.resolve()] = chain
    completed = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--strict",
            # A cache of its own: mypy's cache is keyed by module name, and would replay errors found in
            # another run's copy of a block.
            "--cache-dir", str(directory / ".mypy_cache"),
            "--no-error-summary", "--no-pretty", "--show-error-codes", *map(str, files),
            str(directory / workspace_types.name),
        ],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if completed.returncode not in (0, 1):
        pytest.fail(f"mypy did not run:\n{completed.stdout}{completed.stderr}", pytrace=False)
    errors: dict[str, list[str]] = {block.id: [] for chain in files.values() for block in chain}
    for text in completed.stdout.splitlines():
        match = _MYPY_LINE.match(text)
        if match is None:
            continue
        path = Path(match["file"]).resolve()
        if path not in files:
            pytest.fail(f"mypy reported on a file that is not a doc block: {text}", pytrace=False)
        line = int(match["line"])
        owner = _owner(files[path], line)
        errors[owner.id].append(f"{owner.path}:{line}: {match['severity']}: {match['message']}")
    return errors


@pytest.fixture(scope="session")
def example_sessions(
    tmp_path_factory: pytest.TempPathFactory, workspace_types: Path
) -> Iterator[dict[str, subprocess.Popen[str]]]:
    """Block id -> the pytest run of that ``pytest`` block, all started at once: each block is a test module
    of its own session, in a directory of its own, so that its fixture overrides apply to it alone."""
    runs: dict[str, subprocess.Popen[str]] = {}
    env = {name: value for name, value in os.environ.items() if not name.startswith("TELECRM_")}
    for block in collect():
        if not block.pytest:
            continue
        directory = tmp_path_factory.mktemp("pytest-block")
        (directory / "test_example.py").write_text(block.code, encoding="utf-8")
        shutil.copy(workspace_types, directory)
        runs[block.id] = subprocess.Popen(
            # Unrelated plugins of this environment are left out only to start faster.
            [
                sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "-p", "no:schemathesis", "-p", "no:hypothesispytest", "test_example.py",
            ],
            cwd=directory, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    yield runs
    for run in runs.values():
        if run.poll() is None:
            run.kill()
            run.wait()


def _owner(chain: list[Block], line: int) -> Block:
    """The block of ``chain`` that holds Markdown line ``line`` (the last one starting before it)."""
    owner = chain[0]
    for block in chain:
        if block.line < line:
            owner = block
    return owner


def _is_loopback(host: object) -> bool:
    if host is None or host == "localhost":
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    try:
        return ipaddress.ip_address(text.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Name resolution fails for every host but loopback: an example can never reach a real Telecrm."""
    resolve = socket.getaddrinfo

    def guarded(host: object, *args: object, **kwargs: object) -> object:
        if not _is_loopback(host):
            raise OSError(f"doc examples run against the fake only; {host!r} is not a loopback host")
        return resolve(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture
def doc_env(
    telecrm_fake: FakeTelecrm,
    clean_telecrm_environment: None,
    loopback_only: None,
    restore_telecrm_logger: logging.Logger,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    workspace_types: Path,
) -> FakeTelecrm:
    """The session's fake, reset; ``TELECRM_*`` pointing at it, as a reader's shell would for a real account;
    an empty working directory for the files an example writes (journals, CSVs); ``workspace_types``
    importable; and the ``telecrm`` logger put back after the example (which may set it up, as a reader
    would)."""
    monkeypatch.setenv("TELECRM_ENTERPRISE_ID", telecrm_fake.enterprise_id)
    monkeypatch.setenv("TELECRM_SYNC_TOKEN", telecrm_fake.sync_token)
    monkeypatch.setenv("TELECRM_ASYNC_TOKEN", telecrm_fake.async_token)
    monkeypatch.setenv("TELECRM_BASE_URL", telecrm_fake.base_url)
    monkeypatch.setenv("TELECRM_INGEST_BASE_URL", telecrm_fake.ingest_base_url)
    # dlt (the export guide) keeps its working folder there too, and must not try to reach the network.
    monkeypatch.setenv("DLT_DATA_DIR", str(tmp_path / ".dlt"))
    monkeypatch.setenv("RUNTIME__DLTHUB_TELEMETRY", "false")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(workspace_types.parent))
    return telecrm_fake
