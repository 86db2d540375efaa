"""The API reference (docs/reference/) documents every public name, by its public import path only."""

from __future__ import annotations

import re

import pytest
from doc_blocks import ROOT

import telecrm
import telecrm.dlt
import telecrm.testing

REFERENCE = ROOT / "docs" / "reference"
_ENTRY = re.compile(r"^::: (?P<path>[\w.]+)[ \t]*$", flags=re.MULTILINE)


def _entries() -> list[str]:
    return [
        match["path"]
        for page in sorted(REFERENCE.glob("*.md"))
        for match in _ENTRY.finditer(page.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize(
    ("module", "name"),
    [
        *(("telecrm", name) for name in telecrm.__all__ if name != "__version__"),
        *(("telecrm.testing", name) for name in telecrm.testing.__all__),
    ],
)
def test_every_public_name_has_a_reference_entry(module: str, name: str) -> None:
    assert f"{module}.{name}" in _entries()


def test_reference_entries_name_no_private_module() -> None:
    private = [path for path in _entries() if any(part.startswith("_") for part in path.split("."))]

    assert private == []


def test_reference_entries_are_public_names() -> None:
    public = (
        {f"telecrm.{name}" for name in telecrm.__all__}
        | {f"telecrm.testing.{name}" for name in telecrm.testing.__all__}
        | {f"telecrm.dlt.{name}" for name in telecrm.dlt.__all__}
    )

    assert [path for path in _entries() if path not in public] == ["telecrm.testing.pytest_plugin"]


def test_the_error_hierarchy_of_the_reference_shows_every_public_exception() -> None:
    page = (REFERENCE / "errors.md").read_text(encoding="utf-8")
    tree = page.split("```text\n", 1)[1].split("```", 1)[0]
    shown = set(re.findall(r"^[│├└─ ]*(\w+)", tree, flags=re.MULTILINE))
    public = {
        name
        for name in telecrm.__all__
        if isinstance(getattr(telecrm, name), type) and issubclass(getattr(telecrm, name), Exception)
    }

    assert shown == public
