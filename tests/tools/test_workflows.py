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


def load(name: str) -> Any:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def uses_lines(name: str) -> list[str]:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    return [match.group(1).strip() for match in re.finditer(r"^\s*(?:- )?uses: (.+)$", text, re.M)]


def test_the_four_workflows_exist() -> None:
    assert FILES == ["ci.yml", "docs.yml", "release.yml", "spec-update.yml"]


@pytest.mark.parametrize("name", FILES)
def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment(name: str) -> None:
    unpinned = [line for line in uses_lines(name) if not PINNED.match(line)]
    assert uses_lines(name)
    assert unpinned == [], f"{name}: actions not pinned as `owner/repo@<sha> # vX.Y.Z`: {unpinned}"


@pytest.mark.parametrize("name", FILES)
def test_the_workflow_grants_nothing_by_default(name: str) -> None:
    assert load(name)["permissions"] == {}


@pytest.mark.parametrize("name", FILES)
def test_every_job_states_its_permissions(name: str) -> None:
    jobs = load(name)["jobs"]
    assert [job for job, spec in jobs.items() if "permissions" not in spec] == []


def test_only_the_pull_request_job_of_spec_update_can_write() -> None:
    jobs = load("spec-update.yml")["jobs"]
    assert jobs["update"]["permissions"] == {"contents": "read"}
    assert jobs["pull-request"]["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_only_the_publish_job_of_release_gets_an_id_token() -> None:
    jobs = load("release.yml")["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["publish"]["permissions"] == {"id-token": "write"}


def test_spec_update_runs_daily_and_on_demand() -> None:
    triggers = load("spec-update.yml")[True]  # YAML 1.1 reads the key `on` as a boolean
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert re.fullmatch(r"\d+ \d+ \* \* \*", triggers["schedule"][0]["cron"])


def test_spec_update_adopts_the_vendors_published_spec() -> None:
    workflow = load("spec-update.yml")
    assert workflow["env"]["VENDOR_SPEC_URL"] == "https://docs.telecrm.in/openapi/sync.yaml"
    steps = workflow["jobs"]["update"]["steps"]
    assert any('make update-spec SPEC="$VENDOR_SPEC_URL"' in step.get("run", "") for step in steps)


def test_ci_runs_make_test_on_every_supported_python() -> None:
    job = load("ci.yml")["jobs"]["test"]
    assert job["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert job["steps"][-1]["run"].startswith("make test")
