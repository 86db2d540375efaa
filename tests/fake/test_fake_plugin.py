"""The pytest plugin, loaded the way a user's test run loads it; and the clients a fake hands out."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from telecrm import AuthenticationError, InternalServerError
from telecrm.testing import FakeTelecrm, Fault

TESTS = """
import httpx

PORTS = []


def test_first(telecrm_fake):
    PORTS.append(telecrm_fake.port)
    response = httpx.post(
        f"{telecrm_fake.base_url}/enterprise/{telecrm_fake.enterprise_id}/lead",
        json={"fields": {"phone": "919999999999"}},
        headers={"Authorization": f"Bearer {telecrm_fake.sync_token}"},
    )
    assert response.status_code == 201


def test_second_gets_the_same_server_reset(telecrm_fake):
    assert PORTS == [telecrm_fake.port]
    assert telecrm_fake.state.find_lead("919999999999") is None
"""

CONFTEST = """
import pytest
from telecrm.testing import Workspace


@pytest.fixture(scope="session")
def telecrm_fake_workspace():
    return Workspace.from_dict({"enterprise": {"name": "Own Workspace"}})


@pytest.fixture(scope="session")
def telecrm_fake_options():
    return {"enterprise_id": "own-enterprise"}
"""

OVERRIDES = """
def test_own_workspace_and_options(telecrm_fake):
    assert telecrm_fake.workspace.enterprise.name == "Own Workspace"
    assert telecrm_fake.enterprise_id == "own-enterprise"
"""


WITHOUT_EXTRA = """
import sys

# As if the testing extra were not installed.
for name in ("uvicorn", "yaml"):
    sys.modules[name] = None
"""


def run_pytest(directory: Path) -> subprocess.CompletedProcess[str]:
    # Autoload off and the plugins named with -p: the same run whether or not the entry point is installed.
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "telecrm.testing.pytest_plugin",
            "-p",
            "anyio.pytest_plugin",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_fixture_is_one_server_reset_before_each_test(tmp_path: Path) -> None:
    (tmp_path / "test_fake.py").write_text(TESTS, encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_workspace_and_options_fixtures_can_be_overridden(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_own.py").write_text(OVERRIDES, encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_plugin_and_faults_import_without_the_testing_extra() -> None:
    uses = (
        "import telecrm.testing.pytest_plugin",
        "from telecrm.testing import Fault",
        "print(Fault.drop().kind)",
    )
    code = WITHOUT_EXTRA + "\n".join(uses)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "drop\n", "")


def test_importing_the_fake_without_the_testing_extra_says_which_extra_to_install() -> None:
    code = WITHOUT_EXTRA + "from telecrm.testing import FakeTelecrm"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert re.fullmatch(
        r"ImportError: telecrm\.testing\.FakeTelecrm: the fake Telecrm needs the testing extra: "
        r"pip install 'telecrm\[testing\]' \(no module '(uvicorn|yaml)'\)",
        result.stderr.splitlines()[-1],
    )


def test_vocabulary_imports_without_the_testing_extra() -> None:
    code = (
        WITHOUT_EXTRA + "from telecrm.testing._vocabulary import PAYMENT_STATUSES\nprint(PAYMENT_STATUSES[0])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "PENDING\n", "")


def test_fixture_without_the_testing_extra_says_what_to_install(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(WITHOUT_EXTRA, encoding="utf-8")
    (tmp_path / "test_fake.py").write_text("def test_it(telecrm_fake):\n    pass\n", encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 1
    assert "the fake Telecrm needs the testing extra, pip install 'telecrm[testing]'" in result.stdout


CLIENT_TESTS = """
def test_it(telecrm_client, telecrm_fake):
    result = telecrm_client.leads.create({"phone": "919999999999"})
    assert telecrm_fake.state.find_lead("919999999999").id == result.lead_id
"""


def test_telecrm_client_fixture_is_a_client_of_the_fake(tmp_path: Path) -> None:
    (tmp_path / "test_client.py").write_text(CLIENT_TESTS, encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


RESET_TESTS = """
def test_first(telecrm_client):
    telecrm_client.leads.create({"phone": "919999999999"})


def test_second(telecrm_client, telecrm_fake):
    assert telecrm_fake.state.find_lead("919999999999") is None
"""


def test_telecrm_client_fixture_starts_from_a_reset_fake(tmp_path: Path) -> None:
    (tmp_path / "test_client.py").write_text(RESET_TESTS, encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


CLOSED_TESTS = """
import pytest

KEPT = []


def test_first(telecrm_client):
    KEPT.append(telecrm_client)


def test_second():
    # The client of the test before was closed when that test ended.
    with pytest.raises(Exception, match="closed"):
        KEPT[0].workspace.metadata()
"""


def test_telecrm_client_is_closed_after_the_test(tmp_path: Path) -> None:
    (tmp_path / "test_client.py").write_text(CLOSED_TESTS, encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


ASYNC_CLIENT_TESTS = """
import pytest


@pytest.mark.anyio
async def test_it(telecrm_async_client, telecrm_fake):
    queued = await telecrm_async_client.ingest.upsert({"phone": "919999999999"})
    assert queued.status == "QUEUED"
    telecrm_fake.state.wait_idle()
    assert telecrm_fake.state.find_lead("919999999999") is not None
"""


def test_telecrm_async_client_fixture_is_an_async_client_of_the_fake(tmp_path: Path) -> None:
    (tmp_path / "test_async_client.py").write_text(ASYNC_CLIENT_TESTS, encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_client_reaches_both_apis_with_the_right_tokens(telecrm_fake: FakeTelecrm) -> None:
    with telecrm_fake.client() as client:
        client.workspace.metadata()
        client.ingest.upsert({"phone": "919999999999"})
    assert [(r.route, r.token_kind, r.status) for r in telecrm_fake.state.requests] == [
        ("GET /metadata", "sync", 200),
        ("POST /autoupdatelead", "async", 200),
    ]


def test_client_passes_options_through(telecrm_fake: FakeTelecrm) -> None:
    telecrm_fake.faults.add(Fault.error(503), route="GET /metadata")
    with telecrm_fake.client(max_retries=0) as client, pytest.raises(InternalServerError):
        client.workspace.metadata()
    assert len(telecrm_fake.state.requests) == 1


def test_client_options_override_the_fakes_settings(telecrm_fake: FakeTelecrm) -> None:
    with telecrm_fake.client(token="not-a-token") as client, pytest.raises(AuthenticationError):
        client.workspace.metadata()


@pytest.mark.anyio
async def test_async_client_reaches_both_apis_with_the_right_tokens(telecrm_fake: FakeTelecrm) -> None:
    async with telecrm_fake.async_client() as client:
        await client.workspace.metadata()
        await client.ingest.upsert({"phone": "919999999999"})
    assert [(r.route, r.token_kind, r.status) for r in telecrm_fake.state.requests] == [
        ("GET /metadata", "sync", 200),
        ("POST /autoupdatelead", "async", 200),
    ]
