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
