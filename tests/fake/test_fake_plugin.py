"""The pytest plugin, loaded the way a user's test run loads it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
for name in ("starlette", "uvicorn", "yaml"):
    sys.modules[name] = None
"""


def run_pytest(directory: Path) -> subprocess.CompletedProcess[str]:
    # Autoload off and the plugin named with -p: the same run whether or not the entry point is installed.
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "telecrm.testing.pytest_plugin",
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


def test_fixture_without_the_testing_extra_says_what_to_install(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(WITHOUT_EXTRA, encoding="utf-8")
    (tmp_path / "test_fake.py").write_text("def test_it(telecrm_fake):\n    pass\n", encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 1
    assert "the fake Telecrm needs the testing extra, pip install 'telecrm[testing]'" in result.stdout
