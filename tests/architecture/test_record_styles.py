"""Each part of the package declares its records in one style (CONTRIBUTING.md, "Code conventions"): the
values of ``telecrm`` with ``telecrm._value``, the parts loaded on first use (``_bulk``, ``_cli``) with
``attrs``, the fake (``testing``) with standard-library dataclasses."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "telecrm"

#: The record libraries a part may import (``dlt`` declares none: its records are dlt's).
STYLES = {"_bulk": {"attrs"}, "_cli": {"attrs"}, "testing": {"dataclasses"}}
RECORD_LIBRARIES = {"attrs", "dataclasses", "typing.NamedTuple", "collections.namedtuple"}


def _part(path: Path) -> str:
    first = path.relative_to(PACKAGE).parts[0]
    return first if first in STYLES else "telecrm"


def _record_libraries(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in RECORD_LIBRARIES)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module in RECORD_LIBRARIES:
                found.add(node.module)
            found.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if f"{node.module}.{alias.name}" in RECORD_LIBRARIES
            )
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_a_module_declares_records_in_its_parts_style(path: Path) -> None:
    allowed = STYLES.get(_part(path), set())

    assert _record_libraries(ast.parse(path.read_text())) - allowed == set()


def test_the_check_sees_each_record_library() -> None:
    source = "import attrs\nfrom dataclasses import dataclass\nfrom typing import NamedTuple, Final\n"

    assert _record_libraries(ast.parse(source)) == {"attrs", "dataclasses", "typing.NamedTuple"}
