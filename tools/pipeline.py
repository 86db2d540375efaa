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
    unmatched_actions,
)
from relayout import RelayoutError, collapse, is_collapsed, relayout
from specdiff import SpecDiff, diff_specs, render

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
    patched = apply_overlays(load_yaml(vendor_spec), load_overlays(OVERLAYS))
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
DEFAULT_PYTEST_ARGS = "tests --ignore=tests/update -q -p no:cacheprovider"

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


@dataclass
class CheckResult:
    name: str
    command: str
    passed: bool
    output: str


def run_check(name: str, pytest_args: str) -> CheckResult:
    """Type-check the hand-written layer, or run its tests, against the regenerated package."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT / "generated"), str(ROOT / "tools"), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    if name == "typecheck":
        argv = [sys.executable, "-m", "mypy"]
    else:
        argv = [sys.executable, "-m", "pytest", *shlex.split(pytest_args)]
    completed = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    output = (completed.stdout + completed.stderr).strip()
    # The report must not change from run to run: drop durations.
    output = re.sub(r" in \d+(\.\d+)?s( \(\d+:\d\d:\d\d\))?", "", output)
    command = "mypy" if name == "typecheck" else f"pytest {pytest_args}"
    return CheckResult(name, command, completed.returncode == 0, output)


def _operation_ids(patched: Any) -> dict[tuple[str, str], str]:
    return {
        (method, path): op["operationId"]
        for path, item in (patched.get("paths") or {}).items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }


def _tail(text: str, lines: int = 40) -> str:
    """The end of a check's output; for pytest, its short summary (the failing tests)."""
    all_lines = text.splitlines()
    for index, line in enumerate(all_lines):
        if "short test summary info" in line:
            return "\n".join(all_lines[index + 1 :][-lines:])
    return "\n".join(all_lines[-lines:])


def _check_summary(checks: list[CheckResult], skipped: str | None) -> str:
    summary = ", ".join(f"{check.name} {'passed' if check.passed else 'FAILED'}" for check in checks)
    return summary or f"not checked ({skipped})"


def render_report(
    *,
    source: str,
    published: bytes,
    relaid: bool,
    outcome: str,
    diff: SpecDiff | None,
    operation_ids: dict[tuple[str, str], str],
    stale: list[tuple[Action, str]],
    regenerated: bool,
    checks: list[CheckResult],
    skipped_checks: str | None,
) -> str:
    title = {
        "no-change": "no change",
        "changed": "changed and clean",
        "needs-attention": "changed, needs attention",
    }[outcome]
    lines = [
        f"## Vendor spec update: {title}",
        "",
        f"- Source: `{source}` (sha256 `{hashlib.sha256(published).hexdigest()[:16]}…`)",
        "- Layout: "
        + ("re-laid out from whitespace-collapsed text (only whitespace differs from what was published)"
           if relaid else "kept as published"),
    ]  # fmt: skip
    if outcome == "no-change":
        lines += [
            "",
            "The published spec describes exactly what `openapi/telecrm.yaml` does. Nothing was changed.",
            "",
        ]
        return "\n".join(lines)
    lines += [
        f"- Overlay actions that no longer apply: {len(stale)}",
        f"- Client regenerated: {'yes' if regenerated else 'no'}",
        "- Hand-written layer: " + _check_summary(checks, skipped_checks),
        "",
        "## What the vendor changed",
        "",
    ]  # fmt: skip
    assert diff is not None
    lines += render(diff, operation_ids)
    lines += ["## Overlay actions that no longer apply", ""]
    if not stale:
        lines += ["None: every action in `overlays/` still matches the new spec.", ""]
    for action, reason in stale:
        reason = reason.removeprefix(f"{action.label}: ")
        defect = " ".join(action.description.split())
        lines += [
            f"- `{action.source}` action {action.index}, target `{action.target}`: {reason}",
            f"  - fixes: {defect}",
        ]
    if stale:
        lines += [
            "",
            "The new spec is in `openapi/telecrm.yaml`; `openapi/telecrm.patched.yaml` and `generated/` "
            "are unchanged. Retarget or delete each action above (see CONTRIBUTING.md), then run "
            "`make generate`.",
            "",
        ]
    lines += ["## Hand-written layer", ""]
    if not checks:
        lines += [f"Not checked: {skipped_checks}.", ""]
    for check in checks:
        lines += [
            f"### {check.name}: {'passed' if check.passed else 'FAILED'}",
            "",
            f"`{check.command}`",
            "",
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


def command_update_spec(source: str, *, report_path: Path, checks: Sequence[str], pytest_args: str) -> int:
    published = fetch(source)
    try:
        text = published.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PipelineError(f"{source} is not UTF-8 text: {exc}") from exc
    previous_text = VENDOR_SPEC.read_text(encoding="utf-8")
    relaid = is_collapsed(text)
    try:
        laid_out = relayout(text, previous_text) if relaid else text
        new_doc = parse_yaml(laid_out)
    except (RelayoutError, yaml.YAMLError) as exc:
        raise PipelineError(f"{source} is not a YAML document that can be laid out: {exc}") from exc
    if not isinstance(new_doc, dict) or "openapi" not in new_doc or "paths" not in new_doc:
        raise PipelineError(f"{source} is not an OpenAPI document (no `openapi` and `paths`)")
    old_doc = parse_yaml(previous_text)
    report_path.parent.mkdir(parents=True, exist_ok=True)

    if new_doc == old_doc:
        outcome = EXIT_NO_CHANGE
        report = render_report(
            source=source, published=published, relaid=relaid, outcome=OUTCOMES[outcome], diff=None,
            operation_ids={}, stale=[], regenerated=False, checks=[], skipped_checks=None,
        )  # fmt: skip
    else:
        diff = diff_specs(old_doc, new_doc)
        stale = unmatched_actions(new_doc, load_overlays(OVERLAYS))
        VENDOR_SPEC.write_text(laid_out, encoding="utf-8")
        SOURCE_RECORD.write_text(source_record(source, published, laid_out), encoding="utf-8")
        operation_ids = _operation_ids(parse_yaml(PATCHED_SPEC.read_text(encoding="utf-8")))
        results: list[CheckResult] = []
        skipped = None
        if stale:
            skipped = "the overlays must apply before the client can be regenerated"
        else:
            command_generate()
            operation_ids = {
                **operation_ids,
                **_operation_ids(parse_yaml(PATCHED_SPEC.read_text(encoding="utf-8"))),
            }
            results = [run_check(name, pytest_args) for name in checks]
            if not checks:
                skipped = "no checks were asked for"
        clean = not stale and all(result.passed for result in results)
        outcome = EXIT_CHANGED if clean else EXIT_NEEDS_ATTENTION
        report = render_report(
            source=source, published=published, relaid=relaid, outcome=OUTCOMES[outcome], diff=diff,
            operation_ids=operation_ids, stale=stale, regenerated=not stale, checks=results,
            skipped_checks=skipped,
        )  # fmt: skip
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
        "20 changed and needs attention, 1 could not update",
    )
    update.add_argument("spec", help="path, file: URL or http(s) URL of the vendor's spec")
    update.add_argument("--report", type=Path, default=REPORT_DIR / "report.md")
    update.add_argument(
        "--checks",
        default=",".join(CHECKS),
        help="comma-separated checks of the hand-written layer after regenerating: typecheck, tests",
    )
    update.add_argument("--pytest-args", default=DEFAULT_PYTEST_ARGS, help="what the `tests` check runs")
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
                args.spec, report_path=args.report, checks=checks, pytest_args=args.pytest_args
            )
    except (PipelineError, OverlayError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
