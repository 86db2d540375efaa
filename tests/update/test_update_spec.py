"""`make update-spec SPEC=http://...` end to end, the way the spec-update workflow runs it.

A real HTTP server on 127.0.0.1 publishes one version of the vendor spec per case of issue 17,
whitespace-collapsed as the vendor publishes it (or as minified JSON). Each is adopted by
`make update-spec` in its own scratch copy of the project (a git repository sharing this project's
.venv, so that `git status` shows exactly what a run left behind); a few run at the same time.

The test stage is the pipeline's own (`TEST_SELECTION` in tools/pipeline.py, the same for
`make update-spec`); these runs narrow it with `UPDATE_SPEC_ONLY=tests/spec`, the part that knows
which operations exist and are wrapped, because the whole suite takes minutes per run. What a
narrower run could hide, a test module that cannot even be collected against the new spec, is
checked directly: the whole selection is collected against the new-operation spec.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
import vendor_variants as variants
from overlay import load_overlays, parse_yaml
from pipeline import TEST_SELECTION

# Ten updates run three at a time inside the first test's fixture: minutes on a busy 2-core machine.
pytestmark = pytest.mark.timeout(900)

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = ROOT / "overlays"
ONLY = "tests/spec"
STATE_CHANGE = variants.REMOVED_PATH
FOLLOWUPS = "/enterprise/{enterpriseId}/lead/{leadId}/followups"
# A scratch `make` must not inherit the flags of a `make test` that runs this suite.
MAKE_ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
VENDOR_FILES = ["openapi/telecrm.source.json", "openapi/telecrm.yaml"]

# case -> (the vendor's new layout, how it is published)
CASES: dict[str, tuple[Callable[[str], str], Callable[[str], str]]] = {
    "new-operation": (variants.with_new_operation, variants.published),
    "declared-enterprise-id": (variants.with_enterprise_id_declared_on_state_change, variants.published),
    "minified-json": (variants.with_enterprise_id_declared_on_state_change, variants.minified_json),
    "tag-at-index-0": (variants.with_a_tag_at_index_0, variants.published),
    "new-enum-value": (variants.with_a_new_payment_status, variants.published),
    "fixed-example": (variants.with_the_number_example_fixed, variants.published),
    "new-property": (variants.with_new_response_property, variants.published),
    "removed-path": (variants.without_state_change_path, variants.published),
    "identical": (lambda vendor: vendor, variants.published),
    "pipeline-bug": (variants.with_new_response_property, variants.published),
}


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

    def changed_files(self) -> list[str]:
        """What the run changed in the working tree (build/ is ignored), as `git status` lists it."""
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=self.root, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return sorted(line[3:] for line in status.stdout.splitlines() if not line[3:].startswith("build/"))

    def file(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")


class _Publisher(BaseHTTPRequestHandler):
    documents: ClassVar[dict[str, bytes]] = {}
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        body = self.documents.get(self.path)
        if body is None and "/followups" in self.path:  # the API, for the report's snippet
            self.requests.append(f"{self.path} {self.headers.get('Authorization')}")
            body = b'{"data": [{"text": "Call back at 5"}]}'
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/json")
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
        f"/{case}/sync.yaml": publish(edit(vendor_text)).encode() for case, (edit, publish) in CASES.items()
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
    """A copy of the project's files as a fresh git repository; .venv and .tools are linked."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    for link in (".venv", ".tools", "node_modules"):
        if (ROOT / link).exists():
            (root / link).symlink_to(ROOT / link)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run([*git, *command], cwd=root, check=True, capture_output=True)
    # The shared environment must not be rebuilt from a scratch copy.
    up_to_date = subprocess.run(["make", "-q", ".venv/.synced"], cwd=root, env=MAKE_ENV, check=False)
    assert up_to_date.returncode == 0, "run `make setup` first: the shared .venv is out of date"
    return root


def _update(root: Path, spec: str) -> Run:
    completed = subprocess.run(
        ["make", "--no-print-directory", "update-spec", f"SPEC={spec}", f"UPDATE_SPEC_ONLY={ONLY}"],
        cwd=root, env=MAKE_ENV, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    return Run(root, completed.returncode, completed.stdout, completed.stderr)


@pytest.fixture(scope="module")
def runs(publisher: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """`make update-spec` once per published case, three at a time."""
    base = tmp_path_factory.mktemp("update-spec")
    roots = {case: _scratch_project(base / case) for case in CASES}
    # A bug in the pipeline after the spec is read (here: in the diff), for the failure path.
    with (roots["pipeline-bug"] / "tools" / "specdiff.py").open("a", encoding="utf-8") as specdiff:
        specdiff.write("\n\ndef diff_specs(old, new):\n    raise RuntimeError('a bug in the diff')\n")
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {
            case: pool.submit(_update, root, f"{publisher}/{case}/sync.yaml") for case, root in roots.items()
        }
        return {case: future.result() for case, future in futures.items()}


def _project_file(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


# --- a new operation --------------------------------------------------------------------------


def test_new_operation_needs_attention(runs: dict[str, Run]) -> None:
    run = runs["new-operation"]
    assert (run.pipeline_exit(), run.outcome) == (20, "needs-attention"), run.stderr


def test_new_operation_is_reported_as_added(runs: dict[str, Run]) -> None:
    assert runs["new-operation"].section("Operations added") == [
        f"- `GET {FOLLOWUPS}`: List the follow-ups on a lead"
    ]


def test_new_operation_changes_nothing_else(runs: dict[str, Run]) -> None:
    run = runs["new-operation"]
    for title in ("Operations removed", "Operations changed", "Schemas added", "Schemas changed"):
        assert run.section(title) == [], title


def test_new_operation_is_laid_out_exactly_as_the_vendor_wrote_it(
    runs: dict[str, Run], vendor_text: str
) -> None:
    assert runs["new-operation"].file("openapi/telecrm.yaml") == variants.with_new_operation(vendor_text)


def test_new_operation_is_generated(runs: dict[str, Run]) -> None:
    # No operationId yet, so the generator names the module after the path.
    module = "generated/telecrm_api/api/leads/get_enterprise_enterprise_id_lead_lead_id_followups.py"
    assert '"url": "/enterprise/{enterprise_id}/lead/{lead_id}/followups"' in runs["new-operation"].file(
        module
    )


def test_new_operation_report_names_every_failing_invariant_test(runs: dict[str, Run]) -> None:
    run = runs["new-operation"]
    assert "- Hand-written layer: typecheck passed, tests FAILED" in run.report
    failures = [line for line in run.section("tests: FAILED") if line.startswith("- `")]
    failed = sorted(re.sub(r"^- `FAILED (\S+?)(\[.*?\])?( - .*)?`$", r"\1", line) for line in failures)
    assert failed == [
        "tests/spec/test_layer_matches_generated.py::test_every_operation_of_the_patched_spec_has_a_case",
        "tests/spec/test_layer_matches_generated.py::test_every_success_example_decodes_the_same_directly_and_through_the_generated_models",
        "tests/spec/test_spec_operations.py::test_every_operation_has_an_operation_id",
        "tests/spec/test_spec_public_api.py::test_every_operation_is_wrapped_or_listed_as_not_wrapped",
    ], run.report
    # Each with why: the message names the operation and what to do.
    assert all(f"GET {FOLLOWUPS}" in line for line in failures), failures
    assert "Wrap each one in src/telecrm" in "\n".join(failures)
    assert f"GET {FOLLOWUPS}" in "\n".join(failures)


def test_the_whole_test_selection_collects_against_a_new_operation(runs: dict[str, Run]) -> None:
    root = runs["new-operation"].root
    paths = os.pathsep.join(str(root / name) for name in ("src", "generated", "tools"))
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *TEST_SELECTION],
        cwd=root, env={**os.environ, "PYTHONPATH": paths}, capture_output=True, text=True, check=False,
        timeout=300,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert re.search(r"^\d+ tests collected", completed.stdout, re.M)


def test_new_operation_report_shows_a_client_request_call_that_works(
    runs: dict[str, Run], publisher: str
) -> None:
    run = runs["new-operation"]
    snippet = re.search(rf"`GET {re.escape(FOLLOWUPS)}`:\n\n```python\n(.*?)```", run.report, re.S)
    assert snippet, run.report
    assert 'lead_id = "LEAD_ID"' in snippet.group(1) or "lead_id = 'LEAD_ID'" in snippet.group(1)
    _Publisher.requests.clear()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(str(run.root / name) for name in ("src", "generated")),
        "TELECRM_BASE_URL": publisher,
        "TELECRM_ENTERPRISE_ID": "ent/1",
        "TELECRM_SYNC_TOKEN": "sync-token",
    }
    completed = subprocess.run(
        [sys.executable, "-c", snippet.group(1)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "{'data': [{'text': 'Call back at 5'}]}\n"
    assert _Publisher.requests == ["/enterprise/ent%2F1/lead/LEAD_ID/followups?limit=10 Bearer sync-token"]


# --- the vendor declares what an overlay adds: the generator refuses the result ----------------


def test_a_generator_failure_needs_attention(runs: dict[str, Run]) -> None:
    run = runs["declared-enterprise-id"]
    assert (run.pipeline_exit(), run.outcome) == (20, "needs-attention"), run.stderr
    assert "- Client regenerated: no" in run.report


def test_a_generator_failure_is_explained_in_the_report(runs: dict[str, Run]) -> None:
    run = runs["declared-enterprise-id"]
    assert "## The client could not be regenerated" in run.report
    assert (
        "WARNING parsing POST /enterprise/{enterpriseId}/teammember/state_change within team_members. "
        "Endpoint will not be generated." in run.report
    )
    assert "Duplicated parameters named `enterpriseId` detected in `path`." in run.report
    assert run.section("Operations changed") == [
        f"- `POST {STATE_CHANGE}` (`setTeamMemberState`): Team member availability"
        " — changed: path-level parameters added: `enterpriseId`"
    ]


def test_a_generator_failure_adopts_the_vendor_spec_and_leaves_everything_else(
    runs: dict[str, Run], vendor_text: str
) -> None:
    run = runs["declared-enterprise-id"]
    assert run.changed_files() == VENDOR_FILES
    assert run.file("openapi/telecrm.yaml") == variants.with_enterprise_id_declared_on_state_change(
        vendor_text
    )


# --- the same spec as minified JSON -----------------------------------------------------------


def test_minified_json_is_read_as_json(runs: dict[str, Run]) -> None:
    run = runs["minified-json"]
    assert (run.pipeline_exit(), run.outcome) == (20, "needs-attention"), run.stderr
    assert "- Layout: JSON, kept as published" in run.report
    assert run.section("Operations changed") == runs["declared-enterprise-id"].section("Operations changed")


def test_minified_json_is_adopted_as_published(runs: dict[str, Run], vendor_text: str) -> None:
    run = runs["minified-json"]
    assert run.changed_files() == VENDOR_FILES
    published = variants.minified_json(variants.with_enterprise_id_declared_on_state_change(vendor_text))
    assert run.file("openapi/telecrm.yaml") == published
    assert parse_yaml(run.file("openapi/telecrm.yaml")) == parse_yaml(
        runs["declared-enterprise-id"].file("openapi/telecrm.yaml")
    )


# --- a tag inserted at index 0 ----------------------------------------------------------------


def test_a_new_first_tag_is_changed_and_clean(runs: dict[str, Run]) -> None:
    run = runs["tag-at-index-0"]
    assert (run.pipeline_exit(), run.outcome) == (10, "changed"), run.report
    assert run.section("Other changes") == ["- `$.tags`"]


def test_a_new_first_tag_leaves_every_other_tag_and_one_team_members_tag(runs: dict[str, Run]) -> None:
    patched = parse_yaml(runs["tag-at-index-0"].file("openapi/telecrm.patched.yaml"))
    assert [tag["name"] for tag in patched["tags"]] == [
        "notes", "leads", "actions", "enterprise", "team-members", "ingest",
    ]  # fmt: skip


# --- a new enum value -------------------------------------------------------------------------


def test_a_new_enum_value_is_named_in_the_report(runs: dict[str, Run]) -> None:
    assert runs["new-enum-value"].section("Schemas changed") == [
        "- `PaymentStatusField` — keywords changed: enum values added: `PARTIALLY_REFUNDED`"
    ]


def test_a_new_enum_value_outcome(runs: dict[str, Run]) -> None:
    run = runs["new-enum-value"]
    assert (run.pipeline_exit(), run.outcome) == (20, "needs-attention"), run.report
    # PaymentStatusField is a request enum too, which tests/spec keeps closed: the SDK must learn the value.
    (failure,) = run.section("tests: FAILED")
    test = "test_request_enums_stay_closed[components/schemas/PaymentStatusField]"
    assert failure.startswith(f"- `FAILED tests/spec/test_spec_enums.py::{test} - "), failure
    assert "enum changed (added ['PARTIALLY_REFUNDED'], removed [])" in failure


# --- the vendor fixes an example an overlay patched ------------------------------------------


def test_a_redundant_overlay_action_is_listed(runs: dict[str, Run]) -> None:
    run = runs["fixed-example"]
    (action,) = [
        action
        for overlay in load_overlays(OVERLAYS)
        for action in overlay.actions
        if action.target == "$.components.schemas.NumberField"
    ]
    assert run.section("Overlay actions that no longer change anything") == [
        f"- `{action.source}` action {action.index}, target `{action.target}`"
    ]
    assert f"  - fixed: {' '.join(action.description.split())}" in run.report
    assert run.section("Schemas changed") == ["- `NumberField` — keywords changed: `example`"]


def test_a_redundant_overlay_action_needs_attention(runs: dict[str, Run]) -> None:
    run = runs["fixed-example"]
    assert (run.pipeline_exit(), run.outcome) == (20, "needs-attention"), run.stderr
    assert "- Overlay actions that no longer change anything: 1" in run.report


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
    model = runs["new-property"].file("generated/telecrm_api/models/team_member_license_type_0.py")
    assert re.search(r"^    seats: int \| Unset = UNSET$", model, re.M)
    assert 'd.pop("seats", UNSET)' in model


def test_new_property_report_says_the_layer_still_checks(runs: dict[str, Run]) -> None:
    assert "- Hand-written layer: typecheck passed, tests passed" in runs["new-property"].report


def test_new_property_changes_the_vendor_patched_and_generated_files_only(runs: dict[str, Run]) -> None:
    assert runs["new-property"].changed_files() == [
        "generated/telecrm_api/models/team_member_license_type_0.py",
        "openapi/telecrm.patched.yaml",
        *VENDOR_FILES,
    ]


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
    run = runs["removed-path"]
    assert run.file("openapi/telecrm.yaml") == variants.without_state_change_path(vendor_text)
    assert run.changed_files() == VENDOR_FILES
    assert "- Client regenerated: no" in run.report


# --- the same spec, published collapsed -------------------------------------------------------


def test_identical_spec_is_no_change(runs: dict[str, Run]) -> None:
    run = runs["identical"]
    assert (run.returncode, run.outcome) == (0, "no-change"), run.stderr
    assert run.report.startswith("## Vendor spec update: no change\n")


def test_identical_spec_leaves_every_file_alone(runs: dict[str, Run]) -> None:
    assert runs["identical"].changed_files() == []


# --- failures ---------------------------------------------------------------------------------


def test_a_bug_after_the_spec_is_read_still_ends_in_a_report_that_needs_attention(
    runs: dict[str, Run],
) -> None:
    run = runs["pipeline-bug"]
    assert (run.pipeline_exit(), run.outcome) == (20, "needs-attention"), run.stderr
    assert "## The update failed" in run.report
    assert "RuntimeError: a bug in the diff" in run.report


def test_a_bug_after_the_spec_is_read_adopts_the_vendor_spec_and_nothing_else(
    runs: dict[str, Run], vendor_text: str
) -> None:
    run = runs["pipeline-bug"]
    assert run.changed_files() == [*VENDOR_FILES, "tools/specdiff.py"]  # and the bug planted above
    assert run.file("openapi/telecrm.yaml") == variants.with_new_response_property(vendor_text)


def test_an_unreachable_spec_is_an_error_without_a_report(publisher: str, tmp_path: Path) -> None:
    root = _scratch_project(tmp_path / "project")
    run = _update(root, f"{publisher}/missing/sync.yaml")
    assert re.search(r"\[Makefile:\d+: update-spec\] Error 1$", run.stderr, re.M), run.stderr
    assert f"could not fetch {publisher}/missing/sync.yaml" in run.stderr
    assert "404 Not Found" in run.stderr
    assert not (root / "build" / "update-spec" / "report.md").exists()
    assert run.changed_files() == []
