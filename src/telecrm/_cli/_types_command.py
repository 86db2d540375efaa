"""``telecrm types``: write the workspace's fields and custom actions as a typed Python module, or check that
a committed one still matches the workspace (the CI guard for "someone renamed a field in the dashboard")."""

from __future__ import annotations

import argparse
import ast
import difflib
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telecrm import Telecrm, __version__

from ._common import EXIT_INCOMPLETE, EXIT_OK, CommandError, UsageError
from ._render import note
from ._typegen import TypesSource, render, types_source, without_header

__all__ = ["add_parser"]

Subparsers = Any  # argparse._SubParsersAction, which typeshed marks private


def add_parser(commands: Subparsers) -> None:
    types = commands.add_parser(
        "types",
        help="the workspace's fields and custom actions as a typed Python module",
        description=(
            "Write one Python module with TypedDicts of the workspace's lead fields (LeadFields, "
            "LeadUpdate, NewLead) and a typed constructor per custom action, for mypy, pyright and IDEs. "
            "Reads the workspace through the Sync API (TELECRM_ENTERPRISE_ID, TELECRM_SYNC_TOKEN), or "
            "the fake's with --from-fake."
        ),
    )
    types.add_argument(
        "--output", type=Path, metavar="PATH", help="write the module to PATH (default: print it)"
    )
    types.add_argument(
        "--check",
        action="store_true",
        help="do not write: exit 3 with a diff when the module at --output no longer matches the workspace",
    )
    types.add_argument(
        "--from-fake",
        nargs="?",
        const="",
        metavar="WORKSPACE",
        help="read the fake Telecrm's workspace instead (a YAML or JSON file; the default workspace "
        "without one); needs the testing extra",
    )
    types.set_defaults(run=_types)


def _types(args: argparse.Namespace) -> int:
    if args.check and args.output is None:
        raise UsageError("--check compares with a module: give its path with --output")
    source = _from_fake(args.from_fake) if args.from_fake is not None else _from_api()
    captured = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = render(source, captured=captured, version=__version__)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    path: Path = args.output
    try:
        committed = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        committed = None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not a UTF-8 text file, so not a module telecrm types wrote") from None
    if args.check:
        return _check(path, committed, text)
    if committed is not None and without_header(committed) == without_header(text):
        note(f"{path}: up to date")  # left as it is, its capture time included: same workspace, same bytes
        return EXIT_OK
    path.write_text(text, encoding="utf-8")
    note(f"{path}: written")
    return EXIT_OK


def _from_api() -> TypesSource:
    with Telecrm() as client:
        return _read(client, "enterprise " + client.enterprise_id)


def _from_fake(workspace: str) -> TypesSource:
    """The fake's workspace: the file ``workspace``, or the default one when it is empty."""
    try:
        from telecrm.testing import FakeTelecrm, Workspace, WorkspaceError
    except ImportError as exc:
        raise CommandError(
            f"--from-fake needs the testing extra, pip install 'telecrm[testing]': {exc}"
        ) from None
    try:
        loaded = Workspace.load(workspace) if workspace else Workspace.default()
    except (WorkspaceError, OSError) as exc:
        raise UsageError(f"--from-fake: {exc}") from None
    where = workspace or "the default workspace"
    with FakeTelecrm.running(loaded) as fake, fake.client() as client:
        return _read(client, f"the fake Telecrm, {where}")


def _read(client: Telecrm, where: str) -> TypesSource:
    """The workspace's definitions: metadata, lead fields and custom actions (detailed), pipeline."""
    metadata = client.workspace.metadata()
    fields = client.workspace.custom_fields(detail=True)
    actions = client.workspace.custom_actions(detail=True)
    pipeline = client.workspace.pipeline()
    name = f"{metadata.name or '(unnamed)'} ({where})"
    try:
        return types_source(name, fields, actions, pipeline, metadata.lead_identifier_field)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def _check(path: Path, committed: str | None, text: str) -> int:
    if committed is None:
        raise CommandError(f"{path}: no such file: write it first with telecrm types --output {path}")
    old, new = without_header(committed), without_header(text)
    if old == new:
        note(f"{path}: matches the workspace")
        return EXIT_OK
    out = sys.stdout
    out.write(f"{path} no longer matches the workspace:\n")
    for line in _summary(old, new):
        out.write(f"  {line}\n")
    out.write("\n")
    out.writelines(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{path} (committed, below its header)",
            tofile=f"{path} (workspace now)",
        )
    )
    note(f"regenerate it: telecrm types --output {path}")
    return EXIT_INCOMPLETE


def _summary(old: str, new: str) -> list[str]:
    """Lead fields and custom actions added, removed, renamed (gone under one name, back with the same
    type and description under another) or changed, from the two modules' ``LeadFields`` and functions."""
    before, after = _lead_fields(old), _lead_fields(new)
    removed = [name for name in before if name not in after]
    added = [name for name in after if name not in before]
    lines = []
    for name in list(removed):
        twin = next((new_name for new_name in added if after[new_name] == before[name]), None)
        if twin is not None:
            lines.append(f"lead field renamed: {name} -> {twin}")
            removed.remove(name)
            added.remove(twin)
    lines += [f"lead field added: {name}" for name in added]
    lines += [f"lead field removed: {name}" for name in removed]
    lines += [
        f"lead field changed: {name}" for name in after if name in before and after[name] != before[name]
    ]
    old_actions, new_actions = _action_constructors(old), _action_constructors(new)
    lines += [f"custom action added: {name}" for name in sorted(new_actions - old_actions)]
    lines += [f"custom action removed: {name}" for name in sorted(old_actions - new_actions)]
    if not lines:
        lines.append("custom action fields or other lines changed (see the diff)")
    return lines


def _lead_fields(text: str) -> dict[str, str]:
    """Each key of ``LeadFields`` -> its annotation and description, as written in the module (either syntax);
    empty when the module cannot be read."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "LeadFields":
            keys: dict[str, str] = {}
            last = ""
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    last = item.target.id
                    keys[last] = ast.unparse(item.annotation)
                elif last and isinstance(item, ast.Expr) and isinstance(item.value, ast.Constant):
                    keys[last] += " " + ast.unparse(item.value)
            return keys
        if (
            isinstance(node, ast.Assign)
            and [getattr(target, "id", None) for target in node.targets] == ["LeadFields"]
            and isinstance(node.value, ast.Call)
            and len(node.value.args) == 2
            and isinstance(node.value.args[1], ast.Dict)
        ):
            entries = zip(node.value.args[1].keys, node.value.args[1].values, strict=True)
            return {
                key.value: ast.unparse(value)
                for key, value in entries
                if isinstance(key, ast.Constant) and isinstance(key.value, str)
            }
    return {}


def _action_constructors(text: str) -> set[str]:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return set()
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and isinstance(node.returns, ast.Name | ast.Constant)
        and "CustomAction" in ast.unparse(node.returns)
    }
