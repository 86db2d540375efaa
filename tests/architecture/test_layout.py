"""The package's shape: what `import telecrm` loads, who may import what, and no import cycles.

These rules keep the layer livable: a newcomer can change one resource in one file, the bulk engine costs
nothing until it is used, and the command line is written against the same API users have.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

import telecrm

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "telecrm"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _runtime_imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import that can run: at module level or inside functions (a lazy import is still a dependency),
    but not under ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        elif (
            isinstance(child, ast.If)
            and isinstance(child.test, ast.Name)
            and child.test.id == "TYPE_CHECKING"
        ):
            continue
        else:
            yield from _runtime_imports(child)


def _all_imports(tree: ast.Module) -> Iterator[ast.ImportFrom]:
    yield from (node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom))


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text())
        for node in _runtime_imports(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                source = _resolve(name, path.name == "__init__.py", node)
                # `from package import submodule` depends on the submodule alone when the package encloses
                # the importer (it is already being imported); any other imported name depends on `source`.
                targets = [
                    f"{source}.{alias.name}"
                    if f"{source}.{alias.name}" in modules or not name.startswith(f"{source}.")
                    else source
                    for alias in node.names
                ]
                if not name.startswith(f"{source}."):
                    targets.append(source)
            graph[name].update(target for target in targets if target in modules and target != name)
    return graph


def test_import_telecrm_loads_neither_the_bulk_engine_nor_sqlite_nor_attrs_nor_redis_nor_phonenumbers():
    code = (
        "import sys, telecrm\n"
        "heavy = ['telecrm._bulk.engine', 'telecrm._bulk.preflight', 'telecrm._bulk.journal',\n"
        "         'telecrm._bulk.ratelimit', 'sqlite3', 'telecrm_api', 'anyio', 'attr', 'attrs', 'redis',\n"
        "         'phonenumbers', 'dateutil']\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

    assert loaded.strip() == "[]"


def test_the_package_has_no_runtime_import_cycle():
    graph = _import_graph()
    cycles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])

    assert cycles == []


@pytest.mark.parametrize("module", sorted(_modules()))
def test_no_module_imports_another_modules_private_name(module):
    modules = _modules()
    path = modules[module]
    imported = (
        f"{_resolve(module, path.name == '__init__.py', node)}.{alias.name}"
        for node in _all_imports(ast.parse(path.read_text()))
        for alias in node.names
    )
    # A private module of the package may be imported; a private name defined in one may not.
    private = [
        name
        for name in imported
        if name not in modules
        and (last := name.rpartition(".")[2]).startswith("_")
        and not last.startswith("__")
    ]

    assert private == []


def test_resource_modules_import_the_client_for_type_checking_only():
    graph = _import_graph()

    assert [
        name for name in graph if name.startswith("telecrm.resources") and "telecrm._client" in graph[name]
    ] == []


_CLI_MAY_IMPORT = (
    "telecrm",
    "telecrm._vocabulary",
    "telecrm._bulk.options",
    "telecrm._bulk.outputs",
    "telecrm.testing",
    "telecrm.dlt",
)


def _is_cli(name: str) -> bool:
    return name == "telecrm._cli" or name.startswith("telecrm._cli.")


@pytest.mark.parametrize("module", sorted(name for name in _modules() if _is_cli(name)))
def test_the_command_line_uses_the_public_api_and_the_shared_constants_only(module):
    path = _modules()[module]
    tree = ast.parse(path.read_text())
    sources = {
        _resolve(module, path.name == "__init__.py", node)
        for node in _all_imports(tree)
        if node.level or (node.module or "").startswith("telecrm")
    }
    private_attributes = sorted(
        {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"})
        }
    )

    assert sorted(source for source in sources if source not in _CLI_MAY_IMPORT and not _is_cli(source)) == []
    assert private_attributes == []


@pytest.mark.parametrize("name", sorted(telecrm.__all__))
def test_the_type_hints_of_every_public_class_resolve_at_run_time(name):
    # Tools that read annotations at run time (the docs' reference hook, pydantic, typeguard) must not meet
    # a name imported for type checkers only.
    exported = getattr(telecrm, name)

    if isinstance(exported, type):
        typing.get_type_hints(exported)
