"""`make update-spec SPEC=http://...` end to end, the way the spec-update workflow runs it.

A real HTTP server on 127.0.0.1 publishes four versions of the vendor spec, whitespace-collapsed as
the vendor publishes it: one with a new operation, one with a new property on a response schema,
one without a path that overlays patch, and one identical to today's. Each is adopted by
`make update-spec` in its own scratch copy of the project (sharing this project's .venv), and the
four runs go in parallel. The hand-written layer is checked with mypy and a fast subset of the
suite (`UPDATE_SPEC_TESTS`), the part that knows which operations are wrapped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
import vendor_variants as variants
from overlay import load_overlays

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = ROOT / "overlays"

# What a scratch project needs; .venv and .tools are linked, not copied.
PROJECT_FILES = (
    "Makefile", "pyproject.toml", "uv.lock", "package.json", "package-lock.json",
    "generator-config.yml", "openapi", "overlays", "tools", "src", "generated", "tests/spec",
)  # fmt: skip
FAST_TESTS = "tests/spec/test_spec_public_api.py tests/spec/test_spec_operations.py -q -p no:cacheprovider"
STATE_CHANGE = variants.REMOVED_PATH
# A scratch `make` must not inherit the flags of a `make test` that runs this suite.
MAKE_ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}


@dataclass(frozen=True)
class Run:
    root: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def report(self) -> str:
        return (self.root / "build" / "update-spec" / "report.md").read_text(encoding="utf-8")

    @property
    def outcome(self) -> str:
        return (self.root / "build" / "update-spec" / "outcome").read_text(encoding="utf-8").strip()

    def pipeline_exit(self) -> int | None:
        """The pipeline's own exit code: make exits 2 and names it as `Error N`."""
        if self.returncode == 0:
            return 0
        found = re.search(r"\[Makefile:\d+: update-spec\] Error (\d+)", self.stderr)
        return int(found.group(1)) if found else None

    def section(self, title: str) -> list[str]:
        """The bullet lines of a `### Title (n)` or `## Title` section of the report."""
        match = re.search(rf"^##+ {re.escape(title)}( \(\d+\))?\n\n(.*?)(?=^##|\Z)", self.report, re.M | re.S)
        assert match, f"no section {title!r} in the report:\n{self.report}"
        return [line for line in match.group(2).splitlines() if line.startswith("- ")]


class _Publisher(BaseHTTPRequestHandler):
    documents: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        body = self.documents.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/yaml")
        self.end_headers()
        self.wfile.write(body if body is not None else b"not found")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def vendor_text() -> str:
    return variants.read_vendor(ROOT)


@pytest.fixture(scope="module")
def publisher(vendor_text: str) -> Iterator[str]:
    """Serves /<case>/sync.yaml on a free loopback port; yields the base URL."""
    _Publisher.documents = {
        "/new-operation/sync.yaml": variants.published(variants.with_new_operation(vendor_text)).encode(),
        "/new-property/sync.yaml": variants.published(
            variants.with_new_response_property(vendor_text)
        ).encode(),
        "/removed-path/sync.yaml": variants.published(
            variants.without_state_change_path(vendor_text)
        ).encode(),
        "/identical/sync.yaml": variants.published(vendor_text).encode(),
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Publisher)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _scratch_project(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in PROJECT_FILES:
        source, target = ROOT / name, root / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", ".ruff_cache"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    for link in (".venv", ".tools", "node_modules"):
        if (ROOT / link).exists():
            (root / link).symlink_to(ROOT / link)
    # The shared environment must not be rebuilt from a scratch copy.
    up_to_date = subprocess.run(["make", "-q", ".venv/.synced"], cwd=root, env=MAKE_ENV, check=False)
    assert up_to_date.returncode == 0, "run `make setup` first: the shared .venv is out of date"
    return root


@pytest.fixture(scope="module")
def runs(publisher: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """`make update-spec` once per published case, all four at the same time."""
    base = tmp_path_factory.mktemp("update-spec")
    started = {}
    for case in ("new-operation", "new-property", "removed-path", "identical"):
        root = _scratch_project(base / case)
        started[case] = (
            root,
            subprocess.Popen(
                ["make", "--no-print-directory", "update-spec", f"SPEC={publisher}/{case}/sync.yaml",
                 f"UPDATE_SPEC_TESTS={FAST_TESTS}"],
                cwd=root, env=MAKE_ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            ),
        )  # fmt: skip
    results = {}
    for case, (root, process) in started.items():
        stdout, stderr = process.communicate(timeout=300)
        results[case] = Run(root, process.returncode, stdout, stderr)
    return results


# --- a new operation --------------------------------------------------------------------------


def test_new_operation_needs_attention(runs: dict[str, Run]) -> None:
    run = runs["new-operation"]
    assert (run.pipeline_exit(), run.outcome) == (20, "needs-attention"), run.stderr


def test_new_operation_is_reported_as_added(runs: dict[str, Run]) -> None:
    assert runs["new-operation"].section("Operations added") == [
        "- `GET /enterprise/{enterpriseId}/lead/{leadId}/notes`: List the notes on a lead"
    ]


def test_new_operation_changes_nothing_else(runs: dict[str, Run]) -> None:
    run = runs["new-operation"]
    for title in ("Operations removed", "Operations changed", "Schemas added", "Schemas changed"):
        assert run.section(title) == [], title


def test_new_operation_is_laid_out_exactly_as_the_vendor_wrote_it(
    runs: dict[str, Run], vendor_text: str
) -> None:
    adopted = (runs["new-operation"].root / "openapi" / "telecrm.yaml").read_text(encoding="utf-8")
    assert adopted == variants.with_new_operation(vendor_text)


def test_new_operation_is_generated(runs: dict[str, Run]) -> None:
    # No operationId yet, so the generator names the module after the path.
    api = runs["new-operation"].root / "generated/telecrm_api/api/leads"
    module = api / "get_enterprise_enterprise_id_lead_lead_id_notes.py"
    assert '"url": "/enterprise/{enterprise_id}/lead/{lead_id}/notes"' in module.read_text(encoding="utf-8")


def test_new_operation_report_says_it_is_not_wrapped(runs: dict[str, Run]) -> None:
    report = runs["new-operation"].report
    assert "- Hand-written layer: typecheck passed, tests FAILED" in report
    assert "test_every_operation_is_wrapped_or_listed_as_not_wrapped" in report
    assert "test_every_operation_has_an_operation_id" in report


# --- a new property on a response schema ------------------------------------------------------


def test_new_property_is_changed_and_clean(runs: dict[str, Run]) -> None:
    run = runs["new-property"]
    assert (run.pipeline_exit(), run.outcome) == (10, "changed"), run.stdout + run.stderr


def test_new_property_is_reported_on_its_schema(runs: dict[str, Run]) -> None:
    run = runs["new-property"]
    assert run.section("Schemas changed") == ["- `TeamMemberLicense` — properties added: `seats`"]
    assert run.section("Operations added") == []
    assert run.section("Operations changed") == []


def test_new_property_is_decoded_by_the_regenerated_model(runs: dict[str, Run]) -> None:
    # The licence is nullable (overlays/30-real-responses.yaml), hence the generator's _type_0.
    models = runs["new-property"].root / "generated/telecrm_api/models"
    model = (models / "team_member_license_type_0.py").read_text(encoding="utf-8")
    assert re.search(r"^    seats: int \| Unset = UNSET$", model, re.M)
    assert 'd.pop("seats", UNSET)' in model


def test_new_property_report_says_the_layer_still_checks(runs: dict[str, Run]) -> None:
    assert "- Hand-written layer: typecheck passed, tests passed" in runs["new-property"].report


# --- a removed path that overlays target ------------------------------------------------------


def test_removed_path_needs_attention(runs: dict[str, Run]) -> None:
    run = runs["removed-path"]
    assert (run.pipeline_exit(), run.outcome) == (20, "needs-attention"), run.stderr


def test_removed_path_is_reported_as_removed_operation(runs: dict[str, Run]) -> None:
    assert runs["removed-path"].section("Operations removed") == [
        f"- `POST {STATE_CHANGE}` (`setTeamMemberState`): Team member availability"
    ]


def test_removed_path_names_every_overlay_action_that_no_longer_applies(runs: dict[str, Run]) -> None:
    stale = [
        action
        for overlay in load_overlays(OVERLAYS)
        for action in overlay.actions
        if STATE_CHANGE in action.target
    ]
    assert stale, "no overlay targets the state-change path any more: pick another path for this test"
    expected = [
        f"- `{action.source}` action {action.index}, target `{action.target}`: target matches nothing"
        for action in stale
    ]
    assert runs["removed-path"].section("Overlay actions that no longer apply") == expected
    for action in stale:
        assert f"  - fixes: {' '.join(action.description.split())}" in runs["removed-path"].report


def test_removed_path_adopts_the_spec_but_does_not_regenerate(runs: dict[str, Run], vendor_text: str) -> None:
    root = runs["removed-path"].root
    assert (root / "openapi/telecrm.yaml").read_text(encoding="utf-8") == variants.without_state_change_path(
        vendor_text
    )
    assert (root / "openapi/telecrm.patched.yaml").read_bytes() == (
        ROOT / "openapi/telecrm.patched.yaml"
    ).read_bytes()
    assert "- Client regenerated: no" in runs["removed-path"].report


# --- the same spec, published collapsed -------------------------------------------------------


def test_identical_spec_is_no_change(runs: dict[str, Run]) -> None:
    run = runs["identical"]
    assert (run.returncode, run.outcome) == (0, "no-change"), run.stderr
    assert run.report.startswith("## Vendor spec update: no change\n")


def test_identical_spec_leaves_every_file_alone(runs: dict[str, Run]) -> None:
    root = runs["identical"].root
    for name in ("openapi/telecrm.yaml", "openapi/telecrm.patched.yaml", "openapi/telecrm.source.json"):
        assert (root / name).read_bytes() == (ROOT / name).read_bytes(), name


# --- failures ---------------------------------------------------------------------------------


def test_an_unreachable_spec_is_an_error_without_a_report(publisher: str, tmp_path: Path) -> None:
    root = _scratch_project(tmp_path / "project")
    completed = subprocess.run(
        ["make", "--no-print-directory", "update-spec", f"SPEC={publisher}/missing/sync.yaml"],
        cwd=root, env=MAKE_ENV, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert re.search(r"\[Makefile:\d+: update-spec\] Error 1$", completed.stderr, re.M), completed.stderr
    assert f"could not fetch {publisher}/missing/sync.yaml" in completed.stderr
    assert "404 Not Found" in completed.stderr
    assert not (root / "build" / "update-spec" / "report.md").exists()
