"""The `telecrm-fake` command, run as a real process."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def serve() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes started by the test; each is killed at teardown if still running."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def start(started: list[subprocess.Popen[str]], *args: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """Run the command; return it and the settings it printed before READY."""
    process = subprocess.Popen(
        [sys.executable, "-m", "telecrm.testing._cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started.append(process)
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
    settings: dict[str, str] = {}
    while (line := lines.get(timeout=15).strip()) != "READY":
        name, _, value = line.partition("=")
        settings[name] = value
    return process, settings


def test_cli_serves_on_the_given_port_until_sigterm(serve: list[subprocess.Popen[str]]) -> None:
    port = free_port()
    process, settings = start(serve, "--port", str(port), "--enterprise-id", "ent1", "--sync-token", "tok:1")
    assert settings == {
        "TELECRM_BASE_URL": f"http://127.0.0.1:{port}/autoupdate/v2",
        "TELECRM_INGEST_BASE_URL": f"http://127.0.0.1:{port}",
        "TELECRM_ENTERPRISE_ID": "ent1",
        "TELECRM_SYNC_TOKEN": "tok:1",
        "TELECRM_ASYNC_TOKEN": settings["TELECRM_ASYNC_TOKEN"],
    }
    response = httpx.get(
        f"http://127.0.0.1:{port}/autoupdate/v2/enterprise/ent1/metadata",
        headers={"Authorization": "Bearer tok:1"},
    )
    assert response.json()["name"] == "Sunrise Realty"
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=10) == 0


def test_cli_serves_a_workspace_file(serve: list[subprocess.Popen[str]], tmp_path: Path) -> None:
    path = tmp_path / "workspace.yaml"
    path.write_text("enterprise: {name: Acme Leads}\nleads: []\n", encoding="utf-8")
    process, settings = start(serve, "--workspace", str(path), "--async-rate-limit", "1")
    base = f"{settings['TELECRM_BASE_URL']}/enterprise/{settings['TELECRM_ENTERPRISE_ID']}"
    sync = {"Authorization": f"Bearer {settings['TELECRM_SYNC_TOKEN']}"}
    assert httpx.get(f"{base}/metadata", headers=sync).json()["name"] == "Acme Leads"
    assert httpx.post(f"{base}/lead/search", headers=sync).json()["total_count"] == 0
    ingest = (
        f"{settings['TELECRM_INGEST_BASE_URL']}/enterprise/{settings['TELECRM_ENTERPRISE_ID']}/autoupdatelead"
    )
    token = {"Authorization": f"Bearer {settings['TELECRM_ASYNC_TOKEN']}"}
    statuses = [
        httpx.post(ingest, json={"fields": {"phone": "9123456789"}}, headers=token).status_code for _ in "ab"
    ]
    assert statuses == [200, 429]
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0


def test_cli_refuses_an_invalid_workspace(tmp_path: Path) -> None:
    path = tmp_path / "workspace.yaml"
    path.write_text("lead_identifier: rating\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "telecrm.testing._cli", "--workspace", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "lead_identifier: 'rating' must name a field of type" in result.stderr


# As if the testing extra were not installed: its packages cannot be found.
WITHOUT_EXTRA = """
import sys
from importlib.abc import MetaPathFinder


class NoTestingExtra(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {"uvicorn", "yaml"}:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, NoTestingExtra())
"""


def test_cli_without_the_testing_extra_says_which_extra_to_install() -> None:
    # What the `telecrm-fake` console script runs.
    code = WITHOUT_EXTRA + "from telecrm.testing._cli import main\nsys.exit(main())\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "telecrm-fake needs the testing extra: pip install 'telecrm[testing]'\n",
    )


def test_cli_help_works_without_the_testing_extra() -> None:
    code = WITHOUT_EXTRA + "from telecrm.testing._cli import main\nsys.exit(main(['--help']))\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout.split(maxsplit=2)[:2]) == (0, ["usage:", "telecrm-fake"])
    assert "--log-limit" in result.stdout


PRINT_WORKSPACE = (
    "import os\nfrom telecrm import Telecrm\n"
    "with Telecrm() as client:\n"
    "    name = client.workspace.metadata().name\n"
    "print(name, os.environ['TELECRM_ENTERPRISE_ID'], os.environ['TELECRM_LOG'])\n"
)


def run_fake(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "telecrm.testing._cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_cli_runs_a_command_against_the_fake_it_was_given_options_for() -> None:
    caller = {**os.environ, "TELECRM_SYNC_TOKEN": "real-token", "TELECRM_BASE_URL": "https://example.invalid"}

    caller["TELECRM_LOG"] = "info"

    result = run_fake("--enterprise-id", "ent-7", "--", sys.executable, "-c", PRINT_WORKSPACE, env=caller)

    assert (result.returncode, result.stdout) == (0, "Sunrise Realty ent-7 info\n")


def test_cli_exits_with_the_commands_exit_status() -> None:
    result = run_fake("--", sys.executable, "-c", "import sys; sys.exit(3)")

    assert (result.returncode, result.stdout) == (3, "")


def test_cli_says_when_the_command_cannot_be_run() -> None:
    result = run_fake("--", "telecrm-no-such-command")

    assert result.returncode == 127
    assert result.stderr.startswith("telecrm-fake: cannot run 'telecrm-no-such-command': ")


def test_cli_refuses_a_separator_without_a_command() -> None:
    result = run_fake("--")

    assert result.returncode == 2
    assert result.stderr.endswith("telecrm-fake: error: no command after --\n")


def test_cli_seeds_made_up_leads(serve: list[subprocess.Popen[str]]) -> None:
    process, settings = start(serve, "--seed-leads", "250")
    base = f"{settings['TELECRM_BASE_URL']}/enterprise/{settings['TELECRM_ENTERPRISE_ID']}"
    response = httpx.post(
        f"{base}/lead/search", headers={"Authorization": f"Bearer {settings['TELECRM_SYNC_TOKEN']}"}
    )
    # The default workspace's three seed leads, and 250 more.
    assert response.json()["total_count"] == 253
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=10) == 0
