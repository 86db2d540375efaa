"""The spec pipeline: vendor spec -> overlays -> patched spec -> generated ``telecrm_api``.

    python tools/pipeline.py generate            rewrite the patched spec and generated/
    python tools/pipeline.py check               fail if either differs from what the toolchain writes
    python tools/pipeline.py update-spec SOURCE  adopt a new vendor spec (path or URL): re-lay it out,
                                                 replay the overlays, regenerate, check the hand-written
                                                 layer, and write an update report

Generation always happens in a scratch directory outside the project, so neither the
project's ruff configuration nor a previous run's leftovers (``.ruff_cache``) can change
the output: the same inputs give byte-identical files on every machine.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from overlay import (
    Action,
    OverlayError,
    apply_overlays,
    dump_yaml,
    load_overlays,
    load_yaml,
    parse_yaml,
    replay,
)
from relayout import RelayoutError, collapse, is_collapsed, relayout
from specdiff import SpecDiff, diff_specs, render, request_snippet

ROOT = Path(__file__).resolve().parent.parent
VENDOR_SPEC = ROOT / "openapi" / "telecrm.yaml"
PATCHED_SPEC = ROOT / "openapi" / "telecrm.patched.yaml"
OVERLAYS = ROOT / "overlays"
CONFIG = ROOT / "generator-config.yml"
PACKAGE = ROOT / "generated" / "telecrm_api"

HEADER = (
    "# Written by `make generate`: openapi/telecrm.yaml with every overlay in overlays/ applied\n"
    "# in file-name order. Do not edit; change an overlay and regenerate.\n"
)


class PipelineError(Exception):
    pass


def patched_spec_text(vendor_spec: Path = VENDOR_SPEC) -> str:
    return patched_text(apply_overlays(load_yaml(vendor_spec), load_overlays(OVERLAYS)))


def patched_text(patched: Any) -> str:
    return HEADER + dump_yaml(patched)


def generate_package(spec_text: str, scratch: Path) -> Path:
    """Run openapi-python-client on ``spec_text``; return the generated package directory."""
    spec = scratch / "telecrm.patched.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    output = scratch / "telecrm_api"
    # The post-hooks call ruff; make sure it is the locked one from this environment.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    completed = subprocess.run(
        [
            sys.executable, "-m", "openapi_python_client", "generate",
            "--path", str(spec), "--config", str(CONFIG), "--meta", "none",
            "--output-path", str(output), "--overwrite", "--fail-on-warning",
        ],
        cwd=scratch, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    log = completed.stdout + completed.stderr
    if completed.returncode != 0 or "warning" in log.lower():
        raise PipelineError(f"openapi-python-client failed or warned:\n{log}")
    shutil.rmtree(output / ".ruff_cache", ignore_errors=True)
    return output


def _compare_trees(expected: Path, actual: Path) -> list[str]:
    """Byte-for-byte differences between the committed package and a fresh generation."""
    problems = []
    for path in sorted(p for p in actual.rglob("*") if p.is_file()):
        relative = path.relative_to(actual)
        committed = expected / relative
        if not committed.is_file():
            problems.append(f"missing from generated/telecrm_api: {relative}")
        elif committed.read_bytes() != path.read_bytes():
            problems.append(f"differs: generated/telecrm_api/{relative}")
    for path in sorted(p for p in expected.rglob("*") if p.is_file()):
        if not (actual / path.relative_to(expected)).is_file():
            problems.append(
                f"not written by the generator: generated/telecrm_api/{path.relative_to(expected)}"
            )
    return problems


def command_generate() -> None:
    started = time.perf_counter()
    text = patched_spec_text()
    with tempfile.TemporaryDirectory(prefix="telecrm-generate-") as scratch:
        package = generate_package(text, Path(scratch))
        PATCHED_SPEC.write_text(text, encoding="utf-8")
        shutil.rmtree(PACKAGE, ignore_errors=True)
        shutil.copytree(package, PACKAGE)
    print(f"generated {PATCHED_SPEC.relative_to(ROOT)} and {PACKAGE.relative_to(ROOT)} "
          f"in {time.perf_counter() - started:.1f}s")  # fmt: skip


def command_check() -> None:
    text = patched_spec_text()
    problems = []
    if not PATCHED_SPEC.is_file() or PATCHED_SPEC.read_text(encoding="utf-8") != text:
        problems.append(f"{PATCHED_SPEC.relative_to(ROOT)} is not what the overlays produce")
    with tempfile.TemporaryDirectory(prefix="telecrm-check-") as scratch:
        problems += _compare_trees(PACKAGE, generate_package(text, Path(scratch)))
    if problems:
        raise PipelineError("run `make generate` and commit the result:\n  " + "\n  ".join(problems))
    print("patched spec and generated/ are exactly what the pinned toolchain writes")


# --- make update-spec ----------------------------------------------------------------------------

SOURCE_RECORD = ROOT / "openapi" / "telecrm.source.json"
REPORT_DIR = ROOT / "build" / "update-spec"
CHECKS = ("typecheck", "tests")
# What the `tests` check runs: the one place that says so (the Makefile and tests/update use it). The
# whole suite but the update tests themselves, which run this pipeline.
TEST_SELECTION = ("tests", "--ignore=tests/update")

# Exit codes of `update-spec` (make reports any non-zero code as 2; the outcome is also written to
# build/update-spec/outcome, which is what the spec-update workflow reads).
EXIT_NO_CHANGE = 0
EXIT_CHANGED = 10
EXIT_NEEDS_ATTENTION = 20
OUTCOMES = {EXIT_NO_CHANGE: "no-change", EXIT_CHANGED: "changed", EXIT_NEEDS_ATTENTION: "needs-attention"}


def fetch(source: str, timeout: float = 30.0) -> bytes:
    """The bytes of ``source``: an http(s) URL, a file: URL or a local path."""
    if re.match(r"^https?://", source):
        import httpx  # only needed for URLs

        try:
            response = httpx.get(source, timeout=timeout, follow_redirects=True)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise PipelineError(f"could not fetch {source}: {exc}") from exc
        return response.content
    path = Path(source[len("file://") :] if source.startswith("file://") else source)
    if not path.is_file():
        raise PipelineError(f"no such file: {source}")
    return path.read_bytes()


def source_record(source: str, published: bytes, laid_out: str) -> str:
    """openapi/telecrm.source.json: where the vendor spec came from, and proof that
    openapi/telecrm.yaml differs from it only in whitespace."""
    record = {
        "source": source,
        "sha256": hashlib.sha256(published).hexdigest(),
        "collapsed_sha256": hashlib.sha256(collapse(laid_out).encode("utf-8")).hexdigest(),
    }
    return json.dumps(record, indent=2) + "\n"


def read_published(source: str, published: bytes, previous_text: str) -> tuple[Any, str, str]:
    """The published spec as (document, the text to store, how it was read).

    JSON in any layout is read as JSON and kept as published; YAML on a single line is the vendor's
    whitespace-collapsed text and is re-laid out against the previous layout; other YAML is kept.
    """
    try:
        text = published.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PipelineError(f"{source} is not UTF-8 text: {exc}") from exc
    document = None
    if text.lstrip().startswith("{"):
        with contextlib.suppress(ValueError):  # not JSON: YAML that starts with a flow mapping
            document, laid_out, how = json.loads(text), text, "json"
    if document is None:
        how = "relaid" if is_collapsed(text) else "yaml"
        try:
            laid_out = relayout(text, previous_text) if how == "relaid" else text
            document = parse_yaml(laid_out)
        except (RelayoutError, yaml.YAMLError) as exc:
            raise PipelineError(
                f"{source} is neither JSON nor a YAML document that can be laid out: {exc}"
            ) from exc
    if not isinstance(document, dict) or "openapi" not in document or "paths" not in document:
        raise PipelineError(f"{source} is not an OpenAPI document (no `openapi` and `paths`)")
    return document, laid_out, how


@dataclass
class CheckResult:
    name: str
    command: str
    passed: bool
    output: str
    failures: list[str]  # for the tests: every test that failed or could not be collected, with why


def _check_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT / "generated"), str(ROOT / "tools"), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "2000"  # pytest's summary keeps each failure's message on its line only if it fits
    return env


def run_check(name: str, only: Sequence[str] = ()) -> CheckResult:
    """Type-check the hand-written layer, or run its tests, against the regenerated package.

    The tests are :data:`TEST_SELECTION` (``only``: just those paths of it), run with
    ``--continue-on-collection-errors``: a test module that cannot even be collected against the new
    spec is reported with the others' results instead of stopping the run.
    """
    if name == "typecheck":
        argv, command = [sys.executable, "-m", "mypy"], "mypy"
    else:
        selection = [*TEST_SELECTION[1:], *only] if only else list(TEST_SELECTION)
        options = ["-q", "-p", "no:cacheprovider", "-rfE", "--continue-on-collection-errors"]
        argv = [sys.executable, "-m", "pytest", *selection, *options]
        command = shlex.join(["pytest", *selection, *options])
    try:
        completed = subprocess.run(
            argv, cwd=ROOT, env=_check_env(), capture_output=True, text=True, check=False
        )
        output, passed = (completed.stdout + completed.stderr).strip(), completed.returncode == 0
    except OSError as exc:
        output, passed = f"could not run {command}: {exc}", False
    # The report must not change from run to run: drop durations.
    output = re.sub(r" in \d+(\.\d+)?s( \(\d+:\d\d:\d\d\))?", "", output)
    failures = [line for line in output.splitlines() if re.match(r"^(FAILED|ERROR) ", line)]
    return CheckResult(name, command, passed, output, failures if name == "tests" else [])


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


def _messages(generator_log: str) -> str:
    """What openapi-python-client said, without the operation it dumps as JSON after a warning."""
    return "\n".join(
        line for line in generator_log.splitlines() if line.strip() and not line.startswith((" ", "{", "}"))
    )


@dataclass
class Update:
    """Everything the report says about one adoption of a changed spec."""

    diff: SpecDiff
    stale: list[tuple[Action, str]]
    idle: list[Action]
    operation_ids: dict[tuple[str, str], str]
    snippets: dict[tuple[str, str], str]
    regenerated: bool = False
    generation_error: str | None = None
    failure: str | None = None  # the update itself failed (a bug): its traceback
    checks: list[CheckResult] | None = None

    @property
    def clean(self) -> bool:
        return (
            not self.stale and not self.idle and self.regenerated and self.failure is None
            and all(check.passed for check in self.checks or [])
        )  # fmt: skip


def _operation_ids(document: Any) -> dict[tuple[str, str], str]:
    return {
        (method, path): op["operationId"]
        for path, item in (document.get("paths") or {}).items()
        if isinstance(item, dict)
        for method, op in item.items()
        if isinstance(op, dict) and isinstance(op.get("operationId"), str)
    }


def render_report(*, source: str, published: bytes, how: str, outcome: str, update: Update | None) -> str:
    title = {
        "no-change": "no change",
        "changed": "changed and clean",
        "needs-attention": "changed, needs attention",
    }[outcome]
    layout = {
        "relaid": "re-laid out from whitespace-collapsed text "
        "(only whitespace differs from what was published)",
        "json": "JSON, kept as published",
        "yaml": "kept as published",
    }[how]
    lines = [
        f"## Vendor spec update: {title}",
        "",
        f"- Source: `{source}` (sha256 `{hashlib.sha256(published).hexdigest()[:16]}…`)",
        f"- Layout: {layout}",
    ]
    if update is None:
        lines += [
            "",
            "The published spec describes exactly what `openapi/telecrm.yaml` does. Nothing was changed.",
            "",
        ]
        return "\n".join(lines)
    checks = update.checks or []
    summary = ", ".join(f"{check.name} {'passed' if check.passed else 'FAILED'}" for check in checks)
    lines += [
        f"- Overlay actions that no longer apply: {len(update.stale)}",
        f"- Overlay actions that no longer change anything: {len(update.idle)}",
        f"- Client regenerated: {'yes' if update.regenerated else 'no'}",
        f"- Hand-written layer: {summary or 'not checked'}",
        "",
    ]
    if update.failure is not None:
        lines += [
            "## The update failed",
            "",
            (
                "The new spec, the patched spec and `generated/` are in place; checking them failed "
                if update.regenerated
                else "The new spec is in `openapi/telecrm.yaml`; nothing else was changed. The pipeline "
                "failed while adopting it "
            )
            + "(a bug in `tools/`):",
            "",
            "```text",
            update.failure.rstrip(),
            "```",
            "",
        ]
    lines += ["## What the vendor changed", ""]
    lines += render(update.diff, update.operation_ids)
    if update.snippets:
        lines += [
            "## New operations are callable now",
            "",
            "`client.request` calls an operation the SDK does not wrap yet, with the client's "
            "authentication, retries and typed errors (CONTRIBUTING.md says how to wrap it):",
            "",
        ]
        for (method, path), snippet in update.snippets.items():
            lines += [f"`{method.upper()} {path}`:", "", "```python", snippet.rstrip(), "```", ""]
    lines += ["## Overlay actions that no longer apply", ""]
    if not update.stale:
        lines += ["None: every action in `overlays/` still matches the new spec.", ""]
    for action, reason in update.stale:
        reason = reason.removeprefix(f"{action.label}: ")
        lines += [
            f"- `{action.source}` action {action.index}, target `{action.target}`: {reason}",
            f"  - fixes: {' '.join(action.description.split())}",
        ]
    if update.stale:
        lines += [
            "",
            "The new spec is in `openapi/telecrm.yaml`; `openapi/telecrm.patched.yaml` and `generated/` "
            "are unchanged. Retarget or delete each action above (see CONTRIBUTING.md), then run "
            "`make generate`.",
            "",
        ]
    lines += ["## Overlay actions that no longer change anything", ""]
    if not update.idle:
        lines += ["None: every action in `overlays/` still changes the new spec.", ""]
    for action in update.idle:
        lines += [
            f"- `{action.source}` action {action.index}, target `{action.target}`",
            f"  - fixed: {' '.join(action.description.split())}",
        ]
    if update.idle:
        lines += ["", "The vendor's spec already says what each action above wrote: delete it.", ""]
    if update.generation_error is not None:
        lines += [
            "## The client could not be regenerated",
            "",
            "The new spec is in `openapi/telecrm.yaml`; `openapi/telecrm.patched.yaml` and `generated/` "
            "are unchanged.",
            "",
            "```text",
            _messages(update.generation_error),
            "```",
            "",
        ]
    lines += ["## Hand-written layer", ""]
    if not checks:
        reason = "the client was not regenerated" if not update.regenerated else "no checks were asked for"
        lines += [f"Not checked: {reason}.", ""]
    for check in checks:
        lines += [f"### {check.name}: {'passed' if check.passed else 'FAILED'}", "", f"`{check.command}`", ""]
        if check.failures:
            lines += [f"{len(check.failures)} failed or could not be collected:", ""]
            lines += [f"- `{failure}`" for failure in check.failures]
            lines.append("")
        lines += [
            "<details><summary>output (last lines)</summary>",
            "",
            "```text",
            _tail(check.output) or "(no output)",
            "```",
            "",
            "</details>",
            "",
        ]
    return "\n".join(lines)


def install(files: dict[Path, str], package: Path | None, scratch: Path) -> None:
    """Move the new files (and the new generated package) into place together.

    Each file is written beside its target and renamed over it; the package directory is swapped in
    by two renames. The previous versions are kept in ``scratch`` until everything is in place, and
    put back if anything fails, so the working tree holds either the old set of files or the new one.
    """
    backup = scratch / "previous"
    backup.mkdir()
    moved: list[tuple[Path, Path]] = []  # (target, its previous version)
    try:
        for number, (target, text) in enumerate(files.items()):
            staged = target.with_name(f".{target.name}.new")
            staged.write_text(text, encoding="utf-8")
            previous = backup / str(number)
            shutil.copy2(target, previous)
            moved.append((target, previous))
            os.replace(staged, target)
        if package is not None:
            staged_package = PACKAGE.with_name(f".{PACKAGE.name}.new")
            shutil.rmtree(staged_package, ignore_errors=True)
            shutil.copytree(package, staged_package)
            previous = backup / "package"
            os.replace(PACKAGE, previous)
            moved.append((PACKAGE, previous))
            os.replace(staged_package, PACKAGE)
    except BaseException:
        for target, previous in reversed(moved):
            if previous.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            os.replace(previous, target)
        raise


def adopt(
    source: str, published: bytes, old_doc: Any, new_doc: Any, laid_out: str, *, checks: Sequence[str],
    only: Sequence[str],
) -> Update:  # fmt: skip
    """Adopt a changed spec: everything is computed in a scratch directory first, then installed."""
    vendor_files = {VENDOR_SPEC: laid_out, SOURCE_RECORD: source_record(source, published, laid_out)}
    with tempfile.TemporaryDirectory(prefix="telecrm-update-") as scratch_name:
        scratch = Path(scratch_name)
        try:
            replayed = replay(new_doc, load_overlays(OVERLAYS))
            update = Update(
                diff=diff_specs(old_doc, new_doc),
                stale=replayed.stale,
                idle=replayed.idle,
                operation_ids={**_operation_ids(parse_yaml(PATCHED_SPEC.read_text("utf-8"))),
                               **_operation_ids(replayed.document)},
                snippets={},
            )  # fmt: skip
            spec_for_snippets = new_doc if replayed.stale else replayed.document
            for change in update.diff.operations_added:
                update.snippets[change.method, change.path] = request_snippet(
                    spec_for_snippets, change.method, change.path
                )
            package = None
            files = dict(vendor_files)
            if not replayed.stale:
                text = patched_text(replayed.document)
                try:
                    package = generate_package(text, scratch)
                    files[PATCHED_SPEC] = text
                except PipelineError as exc:
                    update.generation_error = str(exc)
            install(files, package, scratch)
        except Exception:
            # A bug in the pipeline: the vendor's change must not be lost with it.
            update = Update(diff=SpecDiff(), stale=[], idle=[], operation_ids={}, snippets={})
            update.failure = traceback.format_exc()
            update.diff = _safe_diff(old_doc, new_doc)
            install(vendor_files, None, Path(tempfile.mkdtemp(prefix="telecrm-update-", dir=scratch)))
            return update
    update.regenerated = package is not None
    if update.regenerated:
        try:
            update.checks = [run_check(name, only) for name in checks]
        except Exception:  # the new files are in place and consistent; say what failed
            update.failure = traceback.format_exc()
    return update


def _safe_diff(old_doc: Any, new_doc: Any) -> SpecDiff:
    try:
        return diff_specs(old_doc, new_doc)
    except Exception:  # the diff itself may be what failed
        return SpecDiff(other_changed=["(the differences could not be computed)"])


def command_update_spec(
    source: str, *, report_path: Path, checks: Sequence[str], only: Sequence[str] = ()
) -> int:
    published = fetch(source)
    previous_text = VENDOR_SPEC.read_text(encoding="utf-8")
    new_doc, laid_out, how = read_published(source, published, previous_text)
    old_doc = parse_yaml(previous_text)
    if new_doc == old_doc:
        outcome, update = EXIT_NO_CHANGE, None
    else:
        update = adopt(source, published, old_doc, new_doc, laid_out, checks=checks, only=only)
        outcome = EXIT_CHANGED if update.clean else EXIT_NEEDS_ATTENTION
    report = render_report(
        source=source, published=published, how=how, outcome=OUTCOMES[outcome], update=update
    )
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(report, encoding="utf-8")
    (report_path.parent / "outcome").write_text(OUTCOMES[outcome] + "\n", encoding="utf-8")
    print(report)
    print(f"\nupdate-spec: {OUTCOMES[outcome]} (exit {outcome}); report in {report_path}", file=sys.stderr)
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("generate")
    commands.add_parser("check")
    update = commands.add_parser(
        "update-spec",
        help="adopt a new vendor spec (path or URL); exit 0 no change, 10 changed and clean, "
        "20 changed and needs attention, 1 could not read the spec",
    )
    update.add_argument("spec", help="path, file: URL or http(s) URL of the vendor's spec")
    update.add_argument("--report", type=Path, default=REPORT_DIR / "report.md")
    update.add_argument(
        "--checks",
        default=",".join(CHECKS),
        help="comma-separated checks of the hand-written layer after regenerating: typecheck, tests",
    )
    update.add_argument(
        "--only",
        default="",
        help="run only these test paths (space-separated) of the selection instead of all of it "
        f"({shlex.join(TEST_SELECTION)}); tests/update uses this",
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            command_generate()
        elif args.command == "check":
            command_check()
        else:
            checks = [name for name in args.checks.replace(" ", ",").split(",") if name]
            unknown = sorted(set(checks) - set(CHECKS))
            if unknown:
                parser.error(f"unknown checks {unknown}; choose from {list(CHECKS)}")
            return command_update_spec(
                args.spec, report_path=args.report, checks=checks, only=shlex.split(args.only)
            )
    except (PipelineError, OverlayError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
