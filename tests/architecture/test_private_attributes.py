"""No module reaches into another module's private attributes: ``obj._name`` is allowed when ``_name`` is
defined in the same module (a class's own methods and attributes), and across modules only where listed
below, each with its reason."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "telecrm"

#: The client's interface to its resources, kept private so users do not take it for API (as the resources
#: of openai-python call their client's ``_post``): running an operation, the pool the workspace schema is
#: cached by, and the Async pacing and transports that ``resources/ingest.py`` hands bulk ingestion as its
#: port.
ALLOWED: dict[str, set[str]] = {
    "resources/_base.py": {"_execute"},
    "resources/ingest.py": {"_ingest_slot", "_ingest_transports", "_pool"},
}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _defined_here(tree: ast.Module) -> set[str]:
    """Attribute names the module defines: functions and methods, class attributes, ``__slots__`` entries and
    ``self.<name>`` assignments."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    names.add(target.id)
                elif isinstance(target, ast.Attribute):
                    names.add(target.attr)
            slots = any(isinstance(target, ast.Name) and target.id == "__slots__" for target in targets)
            if slots and node.value is not None:
                names.update(
                    element.value
                    for element in ast.walk(node.value)
                    if isinstance(element, ast.Constant) and isinstance(element.value, str)
                )
    return names


def _reach_ins(tree: ast.Module) -> list[tuple[int, str]]:
    """``x._name`` (``getattr(x, "_name")``...) where ``x`` is not ``self``/``cls`` and the module does not
    define ``_name`` itself."""
    here = _defined_here(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in here:
            if not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}):
                found.append((node.lineno, node.attr))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "setattr", "hasattr", "delattr"}
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
            and node.args[1].value not in here
        ):
            found.append((node.lineno, node.args[1].value))
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_a_module_reaches_only_its_own_private_attributes_or_listed_ones(path: Path) -> None:
    allowed = ALLOWED.get(str(path.relative_to(PACKAGE)), set())

    found = [(line, name) for line, name in _reach_ins(ast.parse(path.read_text())) if name not in allowed]

    assert found == []


def test_every_allowance_is_still_used() -> None:
    used = {
        module: {name for _, name in _reach_ins(ast.parse((PACKAGE / module).read_text()))} & names
        for module, names in ALLOWED.items()
    }

    assert used == ALLOWED


def test_the_check_sees_a_reach_into_another_module() -> None:
    source = (
        "class Mine:\n"
        "    __slots__ = ('_kept',)\n"
        "    def _own(self, other: 'Mine'):\n"
        "        return other._kept, other._own, self._anything\n"
        "def f(client):\n"
        "    return client._pool, getattr(client, '_transport'), client.public\n"
    )

    assert _reach_ins(ast.parse(source)) == [(6, "_pool"), (6, "_transport")]
