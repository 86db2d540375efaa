"""The README's "Usage" example, run as written against the fake; only the configuration differs (the
`TELECRM_*` variables point at the fake)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from telecrm import Telecrm
from telecrm.testing import FakeTelecrm

README = Path(__file__).resolve().parents[2] / "README.md"


def _usage_blocks() -> list[str]:
    """The Python code blocks of the README's "## Usage" section, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Usage\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


@pytest.fixture
def readme_env(fake: FakeTelecrm, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELECRM_ENTERPRISE_ID", fake.enterprise_id)
    monkeypatch.setenv("TELECRM_SYNC_TOKEN", fake.sync_token)
    monkeypatch.setenv("TELECRM_ASYNC_TOKEN", fake.async_token)
    monkeypatch.setenv("TELECRM_BASE_URL", fake.base_url)
    monkeypatch.setenv("TELECRM_INGEST_BASE_URL", fake.ingest_base_url)


def _run(code: str, namespace: dict[str, Any]) -> dict[str, Any]:
    exec(compile(code, str(README), "exec"), namespace)
    return namespace


def test_the_readme_has_the_usage_and_errors_examples() -> None:
    assert len(_usage_blocks()) == 2


def test_the_usage_example_runs_and_does_what_its_comments_say(
    readme_env: None, fake: FakeTelecrm, capsys: pytest.CaptureFixture[str]
) -> None:
    usage = _usage_blocks()[0]

    _run(usage, {"__name__": "readme"})

    out = capsys.readouterr().out.splitlines()
    assert out[0] == "fields.rating IGNORED Rating must be between 1 and 5"
    assert out[1] == "919999999999 ['Payment', 'CustomAction']"
    assert "Priya Sharma Active" in out
    assert out[-1] == str(
        sorted(["Fresh", "Interested", "Follow Up", "Site Visit Scheduled", "Won", "Booking Done", "Lost"])
    )
    fake.state.wait_idle()
    jane = fake.state.find_lead("919999999999")
    assert jane is not None
    assert (jane.fields["name"], jane.fields["rating"]) == ("Jane", 5)
    assert [(a.type, a.status) for a in jane.actions] == [
        ("1001", None),
        ("PAYMENT", "COMPLETED"),
        ("1001", None),
    ]


def test_the_errors_example_runs_after_the_usage_example(
    readme_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    usage, errors = _usage_blocks()
    namespace = _run(usage, {"__name__": "readme"})
    capsys.readouterr()

    _run(errors, namespace)

    assert capsys.readouterr().out == "LEAD_ALREADY_EXISTS Lead with phone 919999999999 already exists.\n"


def test_the_errors_example_reports_the_existing_lead_with_an_open_client(
    readme_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    usage, errors = _usage_blocks()
    _run(usage, {"__name__": "readme"})
    capsys.readouterr()

    with Telecrm() as client:
        _run(errors, {"__name__": "readme", "client": client})

    assert capsys.readouterr().out == "LEAD_ALREADY_EXISTS Lead with phone 919999999999 already exists.\n"
