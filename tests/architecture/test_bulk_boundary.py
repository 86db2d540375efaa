"""Bulk ingestion (``telecrm._bulk``) sees a client only through its port (``telecrm._bulk.port.Port``), which
``resources/ingest.py`` builds and hands over: no module of ``_bulk`` imports a resource module or the client
module (not even for type checkers), and none reaches into another object's private attributes."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "telecrm"
BULK = PACKAGE / "_bulk"
#: The resources and the client, and the HTTP layer under them, which the port stands for; and ``importlib``,
#: which would import any of them by name.
FORBIDDEN = (
    "telecrm.resources",
    "telecrm._client",
    "telecrm._transport",
    "telecrm._requests",
    "telecrm._bodies",
    "telecrm._pool",
    "importlib",
)


def _bulk_modules() -> list[Path]:
    return sorted(BULK.rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_modules(path: Path, tree: ast.Module) -> list[str]:
    """Every module ``path`` imports, anywhere (at module level, in a function, under ``TYPE_CHECKING``), and
    for ``from X import y`` also ``X.y`` (``from .. import resources`` imports a module)."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - (node.level - 1)] if node.level else []
            source = ".".join([*base, *([node.module] if node.module else [])])
            found.append(source)
            found.extend(f"{source}.{alias.name}" for alias in node.names)
    return found


def _module_level_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(target.id for target in targets if isinstance(target, ast.Name))
    return names


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_reach_ins(tree: ast.Module) -> list[str]:
    """``x._name`` (and ``getattr(x, "_name")``) where ``x`` is not ``self``, ``cls`` or a name defined at
    the module's top level: another object's private attribute, such as a client's ``_pool``."""
    own = {"self", "cls"} | _module_level_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            if not (isinstance(node.value, ast.Name) and node.value.id in own):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "setattr", "hasattr"}
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("path", _bulk_modules(), ids=lambda path: path.name)
def test_a_bulk_module_imports_no_resource_module_and_not_the_client(path: Path) -> None:
    imported = _imported_modules(path, ast.parse(path.read_text()))

    assert [name for name in imported if any(name == f or name.startswith(f"{f}.") for f in FORBIDDEN)] == []


@pytest.mark.parametrize("path", _bulk_modules(), ids=lambda path: path.name)
def test_a_bulk_module_reaches_into_no_other_objects_private_attributes(path: Path) -> None:
    assert _private_reach_ins(ast.parse(path.read_text())) == []


def test_import_telecrm_loads_of_bulk_ingestion_only_its_public_values_and_options() -> None:
    code = "import sys, telecrm\nprint(sorted(m for m in sys.modules if m.startswith('telecrm._bulk.')))\n"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

    assert loaded.strip() == str(["telecrm._bulk.options", "telecrm._bulk.outputs", "telecrm._bulk.schema"])


def test_the_checks_see_what_they_are_for() -> None:
    source = (
        "from ..resources.workspace import get_pipeline\n"
        "from .. import _client\n"
        "import telecrm.resources.ingest\n"
        "def f(client, self):\n"
        "    return client._pool, self._client._execute, getattr(client, '_pool'), self._ok, f.__name__\n"
    )
    tree = ast.parse(source)

    imported = _imported_modules(BULK / "engine.py", tree)
    assert {"telecrm.resources.workspace", "telecrm._client", "telecrm.resources.ingest"} <= set(imported)
    assert len(_private_reach_ins(tree)) == 3
