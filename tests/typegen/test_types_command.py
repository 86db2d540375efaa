"""``telecrm types``: writing the module, leaving it byte-identical while the workspace is unchanged, and
``--check`` reporting what changed in the workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from telecrm._cli import main
from telecrm.testing import FakeTelecrm

BASE = {
    "custom_fields": [
        {"api_name": "city", "type": "TEXT", "description": "City the buyer lives in"},
        {"api_name": "source", "type": "DROPDOWN", "options": ["Website", "Referral"]},
    ],
    "custom_actions": [{"code": 1001, "display_name": "Site Visit", "fields": {"note": {"type": "TEXT"}}}],
    "leads": [],
}


def _workspace(path: Path, **changes: object) -> str:
    path.write_text(yaml.safe_dump({**BASE, **changes}), encoding="utf-8")
    return str(path)


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    """A module generated from the base workspace, as a user commits it."""
    module = tmp_path / "workspace_types.py"
    assert main(["types", "--from-fake", _workspace(tmp_path / "base.yaml"), "--output", str(module)]) == 0
    return module


def _check(tmp_path: Path, module: Path, **changes: object) -> int:
    workspace = _workspace(tmp_path / "now.yaml", **changes)
    return main(["types", "--from-fake", workspace, "--check", "--output", str(module)])


def _summary(output: str) -> list[str]:
    """The lines of the summary above the diff."""
    return [line.strip() for line in output.split("\n\n")[0].splitlines()[1:]]


def test_check_passes_while_the_workspace_matches(tmp_path, committed, capsys):
    capsys.readouterr()

    status = _check(tmp_path, committed)

    assert status == 0
    assert capsys.readouterr().err == f"{committed}: matches the workspace\n"


def test_check_reports_an_added_field(tmp_path, committed, capsys):
    capsys.readouterr()
    added = [*BASE["custom_fields"], {"api_name": "budget", "type": "NUMBER"}]

    status = _check(tmp_path, committed, custom_fields=added)

    out = capsys.readouterr().out
    assert status == 3
    assert _summary(out) == ["lead field added: budget"]
    assert "\n+    budget: int | float\n" in out


def test_check_reports_a_removed_field(tmp_path, committed, capsys):
    capsys.readouterr()

    status = _check(tmp_path, committed, custom_fields=BASE["custom_fields"][1:])

    out = capsys.readouterr().out
    assert status == 3
    assert _summary(out) == ["lead field removed: city"]
    assert "\n-    city: str\n" in out


def test_check_reports_a_renamed_field(tmp_path, committed, capsys):
    capsys.readouterr()
    renamed = [{**BASE["custom_fields"][0], "api_name": "home_city"}, BASE["custom_fields"][1]]

    status = _check(tmp_path, committed, custom_fields=renamed)

    assert status == 3
    assert _summary(capsys.readouterr().out) == ["lead field renamed: city -> home_city"]


def test_check_reports_a_new_dropdown_option_as_a_changed_field(tmp_path, committed, capsys):
    capsys.readouterr()
    changed = [BASE["custom_fields"][0], {"api_name": "source", "type": "DROPDOWN", "options": ["Website"]}]

    status = _check(tmp_path, committed, custom_fields=changed)

    assert status == 3
    assert _summary(capsys.readouterr().out) == ["lead field changed: source"]


def test_check_reports_custom_actions_added_and_removed(tmp_path, committed, capsys):
    capsys.readouterr()

    status = _check(tmp_path, committed, custom_actions=[{"code": 1002, "display_name": "Demo Booked"}])

    assert status == 3
    assert _summary(capsys.readouterr().out) == [
        "custom action added: demo_booked",
        "custom action removed: site_visit",
    ]


def test_regenerating_an_unchanged_workspace_leaves_the_file_byte_identical(tmp_path, committed):
    # Written earlier: the header saying when is kept, so the file does not change with the clock.
    text = committed.read_text(encoding="utf-8")
    earlier = "".join(
        "# Workspace state as of 2020-01-01 00:00 UTC (this header is kept while the types are unchanged).\n"
        if line.startswith("# Workspace state as of ")
        else line
        for line in text.splitlines(keepends=True)
    )
    committed.write_text(earlier, encoding="utf-8")

    status = main(["types", "--from-fake", str(tmp_path / "base.yaml"), "--output", str(committed)])

    assert status == 0
    assert committed.read_text(encoding="utf-8") == earlier


def test_regenerating_a_changed_workspace_rewrites_the_file(tmp_path, committed):
    workspace = _workspace(tmp_path / "now.yaml", custom_fields=BASE["custom_fields"][1:])

    main(["types", "--from-fake", workspace, "--output", str(committed)])

    assert "city" not in committed.read_text(encoding="utf-8")


def test_check_needs_the_module_path(capsys):
    assert main(["types", "--from-fake", "--check"]) == 2
    assert "--check compares with a module" in capsys.readouterr().err


def test_check_of_a_module_never_written_says_how_to_write_it(tmp_path, capsys):
    module = tmp_path / "missing.py"

    assert main(["types", "--from-fake", "--check", "--output", str(module)]) == 1
    assert f"write it first with telecrm types --output {module}" in capsys.readouterr().err


def test_a_workspace_file_the_fake_cannot_serve_is_a_usage_error(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("lead_identifier: nowhere\n", encoding="utf-8")

    assert main(["types", "--from-fake", str(broken)]) == 2
    assert "lead_identifier" in capsys.readouterr().err


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeTelecrm]:
    """The TELECRM_* variables of a user, pointing at a fake serving the default workspace."""
    with FakeTelecrm.running() as fake:
        monkeypatch.setenv("TELECRM_ENTERPRISE_ID", fake.enterprise_id)
        monkeypatch.setenv("TELECRM_SYNC_TOKEN", fake.sync_token)
        monkeypatch.setenv("TELECRM_BASE_URL", fake.base_url)
        yield fake


def test_without_from_fake_it_reads_the_configured_workspace_and_prints_the_module(configured, capsys):
    status = main(["types"])

    out = capsys.readouterr().out
    assert status == 0
    first_line = out.partition("\n")[0]
    assert (
        first_line
        == f'"""Types of the Telecrm workspace Sunrise Realty (enterprise {configured.enterprise_id}),'
    )
    assert "def site_visit(" in out


def test_a_file_at_the_output_path_that_is_not_text_is_an_error(tmp_path, capsys):
    module = tmp_path / "workspace_types.py"
    module.write_bytes(b"\xff\xfe not text")

    assert main(["types", "--from-fake", "--output", str(module)]) == 1
    assert "not a UTF-8 text file" in capsys.readouterr().err
    assert module.read_bytes() == b"\xff\xfe not text"


def test_check_reads_a_module_written_in_the_functional_syntax(tmp_path, capsys):
    every = yaml.safe_load(Path(__file__).with_name("every_type_workspace.yaml").read_text(encoding="utf-8"))
    module = tmp_path / "workspace_types.py"
    main(["types", "--from-fake", _workspace(tmp_path / "every.yaml", **every), "--output", str(module)])
    fields = [field for field in every["custom_fields"] if field["api_name"] != "city"]
    capsys.readouterr()

    status = _check(tmp_path, module, **{**every, "custom_fields": fields})

    assert status == 3
    assert _summary(capsys.readouterr().out) == ["lead field removed: city"]
