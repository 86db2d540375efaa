"""Every `with:` key in the workflows is an input the pinned action declares.

actionlint (run by `make lint`) knows the inputs of popular actions by their version tags, not of
actions pinned to a commit, so a misspelt `persist-credential:` passes it and is silently ignored on
GitHub. tests/tools/action_inputs.yaml records the inputs of each pinned commit, read from the
action's own action.yml; a workflow that pins an action or a commit it does not list fails here
until its inputs are recorded.
"""

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"
FILES = sorted(path.name for path in WORKFLOWS.glob("*.yml"))
RECORDED: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "action_inputs.yaml").read_text(encoding="utf-8")
)["actions"]


def load(name: str) -> Any:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _called_workflow_inputs(uses: str) -> set[str]:
    called = load(Path(uses).name)
    triggers = called.get(True) or called.get("on") or {}  # YAML 1.1 reads `on` as True
    return set(((triggers.get("workflow_call") or {}).get("inputs")) or {})


def unknown_inputs(workflow: Any) -> list[str]:
    """Every `with:` key that is not an input of what the step (or job) uses, and every use of an action
    pinned to a commit action_inputs.yaml does not record."""
    problems = []
    for job_name, job in workflow["jobs"].items():
        if str(job.get("uses", "")).startswith("./.github/workflows/"):
            known = _called_workflow_inputs(job["uses"])
            problems += [
                f"{job_name}: {job['uses']} has no input `{key}`"
                for key in job.get("with") or {}
                if key not in known
            ]
        for index, step in enumerate(job.get("steps") or []):
            uses = step.get("uses")
            if uses is None:
                continue
            where = f"{job_name} step {index + 1}"
            if uses not in RECORDED:
                problems.append(
                    f"{where}: {uses} is not in tests/tools/action_inputs.yaml: record its inputs"
                )
                continue
            declared = RECORDED[uses]["inputs"]
            problems += [
                f"{where}: {uses} has no input `{key}`"
                for key in step.get("with") or {}
                if key not in declared
            ]
    return problems


@pytest.mark.parametrize("name", FILES)
def test_every_with_key_is_an_input_of_the_pinned_action(name: str) -> None:
    assert unknown_inputs(load(name)) == []


def _ci_with_checkout() -> tuple[Any, dict[str, Any]]:
    workflow = copy.deepcopy(load("ci.yml"))
    step = workflow["jobs"]["test"]["steps"][0]
    assert step["uses"].startswith("actions/checkout@")
    return workflow, step


def test_a_misspelt_input_is_an_unknown_input() -> None:
    workflow, step = _ci_with_checkout()
    step["with"] = {"persist-credential": False}
    assert unknown_inputs(workflow) == [f"test step 1: {step['uses']} has no input `persist-credential`"]


def test_an_action_pinned_to_an_unrecorded_commit_must_be_recorded() -> None:
    workflow, step = _ci_with_checkout()
    step["uses"] = "actions/checkout@" + "0" * 40
    assert unknown_inputs(workflow) == [
        f"test step 1: {step['uses']} is not in tests/tools/action_inputs.yaml: record its inputs"
    ]


def test_every_recorded_action_runs_on_a_supported_runtime() -> None:
    # Node 20 reached its end of life in April 2026; actions must run on node24, in Docker, or be composite.
    outdated = {
        uses: entry["runs"]
        for uses, entry in RECORDED.items()
        if entry["runs"] not in ("node24", "docker", "composite")
    }
    assert outdated == {}
