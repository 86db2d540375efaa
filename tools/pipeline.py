"""The spec pipeline: vendor spec -> overlays -> patched spec -> generated ``telecrm_api``.

    python tools/pipeline.py generate            rewrite the patched spec and generated/
    python tools/pipeline.py check               fail if either differs from what the toolchain writes
    python tools/pipeline.py update-spec FILE    adopt a new vendor spec, report stale overlay actions,
                                                 then regenerate

Generation always happens in a scratch directory outside the project, so neither the
project's ruff configuration nor a previous run's leftovers (``.ruff_cache``) can change
the output: the same inputs give byte-identical files on every machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from overlay import OverlayError, apply_overlays, dump_yaml, load_overlays, load_yaml, unmatched_actions

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


def command_update_spec(new_spec: Path) -> None:
    if not new_spec.is_file():
        raise PipelineError(f"no such file: {new_spec}")
    failures = unmatched_actions(load_yaml(new_spec), load_overlays(OVERLAYS))
    shutil.copyfile(new_spec, VENDOR_SPEC)
    if failures:
        lines = [f"{reason}\n      fixes: {action.description.strip()}" for action, reason in failures]
        raise PipelineError(
            f"adopted {new_spec} as {VENDOR_SPEC.relative_to(ROOT)}, but {len(failures)} overlay "
            "action(s) no longer apply; update them, then run `make generate`:\n  " + "\n  ".join(lines)
        )
    command_generate()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("generate")
    commands.add_parser("check")
    update = commands.add_parser("update-spec")
    update.add_argument("spec", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            command_generate()
        elif args.command == "check":
            command_check()
        else:
            command_update_spec(args.spec)
    except (PipelineError, OverlayError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
