"""One call's three jobs stay in their three modules: ``_requests`` builds the request, ``_bodies`` reads and
inflates the answer's body, ``_transport`` runs the attempts between them (retries, deadline, errors).

The retry loop is what the next changes touch (a shared rate limiter, more retry rules): these checks keep
request building and body decoding from growing back into it, and keep the two helpers below it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "telecrm"


def _tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text())


def _imported(tree: ast.Module) -> set[str]:
    """Every module name imported, relative ones as written (``_bodies`` for ``from ._bodies import ...``)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _called(tree: ast.Module) -> set[str]:
    """Every dotted name called (``httpx.Request`` for ``httpx.Request(...)``)."""
    return {ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}


def test_the_transport_neither_builds_requests_nor_decodes_bodies() -> None:
    tree = _tree("_transport")

    assert not {"json", "zlib", "gzip"} & _imported(tree), "encoding and inflating are _requests/_bodies jobs"
    built = {"httpx.Request", "httpx.Headers", "httpx.URL", "httpx.ByteStream"} & _called(tree)
    assert not built, f"_transport builds {sorted(built)}: requests are built by _requests"
    assert {"_requests", "_bodies"} <= _imported(tree)


@pytest.mark.parametrize("module", ["_requests", "_bodies"])
def test_request_building_and_body_reading_depend_on_no_transport(module: str) -> None:
    tree = _tree(module)

    others = {"_transport", "_requests", "_bodies"} - {module}
    assert not others & _imported(tree), f"{module} imports {sorted(others & _imported(tree))}"
    sent = {name for name in _called(tree) if name.endswith((".send", ".handle_request", ".execute"))}
    assert not sent, f"{module} sends ({sorted(sent)}): sending is _transport's"


def test_only_the_transport_reads_bodies() -> None:
    readers = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "_bodies" in _imported(ast.parse(path.read_text()))
    }

    assert readers == {"_transport.py"}
