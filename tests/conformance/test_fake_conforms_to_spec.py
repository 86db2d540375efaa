"""Schemathesis checks the fake server against the patched spec.

The fake is what users test against, so it must answer only what the spec documents: no
server errors, only declared statuses and content types, bodies that fit their schemas,
and authentication that is really enforced. Schemathesis ignores the Async operation's
path-level server, so the two APIs are checked in two runs, each with its own token.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from telecrm.testing import FakeTelecrm

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "telecrm.patched.yaml"
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "ignored_auth",
    ]
)
MAX_EXAMPLES = "15"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTelecrm]:
    with FakeTelecrm.running() as running:
        yield running


def schemathesis(tmp_path: Path, fake: FakeTelecrm, url: str, token: str, *selection: str) -> None:
    config = tmp_path / "schemathesis.toml"
    # Without a real enterprise id every generated request is (rightly) a 401.
    config.write_text(f'[parameters]\n"path.enterpriseId" = "{fake.enterprise_id}"\n')
    command = [
        str(SCHEMATHESIS), "--config-file", str(config), "run", str(SPEC),
        "--url", url, "-H", f"Authorization: Bearer {token}",
        "--checks", CHECKS, "--max-examples", MAX_EXAMPLES, "--seed", "20261121",
        "--generation-codec", "ascii", *selection,
    ]  # fmt: skip
    completed = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stdout[-8000:] + completed.stderr[-2000:]


def test_sync_api_of_the_fake_conforms_to_the_spec(tmp_path: Path, fake: FakeTelecrm) -> None:
    schemathesis(tmp_path, fake, fake.base_url, fake.sync_token, "--exclude-operation-id", "upsertLead")


def test_async_api_of_the_fake_conforms_to_the_spec(tmp_path: Path, fake: FakeTelecrm) -> None:
    only_async = ("--include-operation-id", "upsertLead")
    schemathesis(tmp_path, fake, fake.ingest_base_url, fake.async_token, *only_async)
