"""The GitHub workflows: every third-party action pinned to a commit, and no job with more access
than it asks for. (actionlint, run by `make lint`, checks the rest of their syntax and types.)"""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"
FILES = sorted(path.name for path in WORKFLOWS.glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")
LOCAL = re.compile(r"^\./\.github/workflows/[\w-]+\.yml$")  # a reusable workflow of this repository


def load(name: str) -> Any:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def uses_lines(name: str) -> list[str]:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    return [match.group(1).strip() for match in re.finditer(r"^\s*(?:- )?uses: (.+)$", text, re.M)]


def test_the_four_workflows_exist() -> None:
    assert FILES == ["ci.yml", "docs.yml", "release.yml", "spec-update.yml"]


@pytest.mark.parametrize("name", FILES)
def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment(name: str) -> None:
    unpinned = [line for line in uses_lines(name) if not PINNED.match(line) and not LOCAL.match(line)]
    assert uses_lines(name)
    assert unpinned == [], f"{name}: actions not pinned as `owner/repo@<sha> # vX.Y.Z`: {unpinned}"


@pytest.mark.parametrize("name", FILES)
def test_the_workflow_grants_nothing_by_default(name: str) -> None:
    assert load(name)["permissions"] == {}


@pytest.mark.parametrize("name", FILES)
def test_every_job_states_its_permissions(name: str) -> None:
    jobs = load(name)["jobs"]
    assert [job for job, spec in jobs.items() if "permissions" not in spec] == []


def test_only_the_jobs_of_spec_update_that_open_or_close_the_pull_request_can_write() -> None:
    jobs = load("spec-update.yml")["jobs"]
    assert jobs["update"]["permissions"] == {"contents": "read"}
    for job in ("pull-request", "close-reverted"):
        assert jobs[job]["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_only_the_publish_job_of_release_gets_an_id_token() -> None:
    jobs = load("release.yml")["jobs"]
    assert jobs["test"]["permissions"] == {"contents": "read"}
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["publish"]["permissions"] == {"id-token": "write"}


def test_spec_update_runs_daily_and_on_demand_with_an_optional_url() -> None:
    triggers = load("spec-update.yml")[True]  # YAML 1.1 reads the key `on` as a boolean
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert re.fullmatch(r"\d+ \d+ \* \* \*", triggers["schedule"][0]["cron"])
    assert triggers["workflow_dispatch"]["inputs"]["url"]["required"] is False


def test_spec_update_fetches_the_source_recorded_in_the_project_unless_given_a_url() -> None:
    text = (WORKFLOWS / "spec-update.yml").read_text(encoding="utf-8")
    assert "docs.telecrm.in" not in text  # the URL is written in openapi/telecrm.source.json only
    step = next(s for s in load("spec-update.yml")["jobs"]["update"]["steps"] if s.get("id") == "update")
    assert step["env"] == {"URL": "${{ inputs.url }}"}
    assert 'url="${URL:-$(jq -r .source openapi/telecrm.source.json)}"' in step["run"]
    assert 'make update-spec SPEC="$url"' in step["run"]


def test_spec_update_removes_the_label_of_the_previous_outcome() -> None:
    steps = load("spec-update.yml")["jobs"]["pull-request"]["steps"]
    meta = next(step for step in steps if step.get("id") == "meta")["run"]
    assert 'echo "stale=spec: clean"' in meta
    assert 'echo "stale=spec: needs attention"' in meta
    (remove,) = [step for step in steps if "--remove-label" in step.get("run", "")]
    assert remove["if"] == "steps.pr.outputs.pull-request-operation == 'updated'"


def test_spec_update_closes_the_pull_request_when_the_vendor_reverts() -> None:
    job = load("spec-update.yml")["jobs"]["close-reverted"]
    assert job["if"] == "needs.update.outputs.outcome == 'no-change'"
    assert 'gh pr close "$number"' in job["steps"][0]["run"]


def test_ci_never_cancels_a_run_on_main() -> None:
    concurrency = load("ci.yml")["concurrency"]
    assert concurrency["cancel-in-progress"] == "${{ github.ref != 'refs/heads/main' }}"
    assert concurrency["group"] == "ci-${{ github.ref == 'refs/heads/main' && github.run_id || github.ref }}"


def test_release_builds_only_after_the_ci_workflow_passes() -> None:
    jobs = load("release.yml")["jobs"]
    assert jobs["test"]["uses"] == "./.github/workflows/ci.yml"
    assert "workflow_call" in load("ci.yml")[True]
    assert jobs["build"]["needs"] == "test"
    assert jobs["publish"]["needs"] == "build"


@pytest.mark.parametrize("name", FILES)
def test_node_is_a_supported_lts(name: str) -> None:
    versions = [
        step["with"]["node-version"]
        for job in load(name)["jobs"].values()
        for step in job.get("steps") or []
        if str(step.get("uses", "")).startswith("actions/setup-node@")
    ]
    assert all(version == "24" for version in versions), versions


def test_ci_runs_make_test_on_every_supported_python() -> None:
    job = load("ci.yml")["jobs"]["test"]
    assert job["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert job["steps"][-1]["run"].startswith("make test")


def test_dependabot_bumps_the_tools_that_write_generated_code_on_their_own() -> None:
    config = yaml.safe_load((WORKFLOWS.parent / "dependabot.yml").read_text(encoding="utf-8"))
    (uv,) = [update for update in config["updates"] if update["package-ecosystem"] == "uv"]
    for group in uv["groups"].values():
        assert {"openapi-python-client", "ruff"} <= set(group.get("exclude-patterns", [])), group
