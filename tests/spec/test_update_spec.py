"""`make update-spec SPEC=...`: adopt a new vendor spec, regenerate, and name every overlay
action the new spec broke.

Each test runs a copy of the pipeline in a scratch project (the pipeline finds its inputs
relative to its own file), so the real openapi/ and generated/ are never touched.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from overlay import dump_yaml, load_overlays, load_yaml
from specwalk import OVERLAYS, ROOT, VENDOR_SPEC

PIPELINE_INPUTS = ("openapi", "overlays", "tools", "generator-config.yml")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in PIPELINE_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / name)
    return root


def write_spec(path: Path, document: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml(document), encoding="utf-8")
    return path


def update_spec(project: Path, new_spec: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(project / "tools" / "pipeline.py"), "update-spec", str(new_spec)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=90,
    )


def test_update_spec_adopts_a_new_vendor_spec_and_regenerates(project: Path, tmp_path: Path) -> None:
    spec = load_yaml(VENDOR_SPEC)
    spec["components"]["schemas"]["TeamMemberResponse"]["properties"]["loyalty_tier"] = {"type": "string"}
    new_spec = write_spec(tmp_path / "incoming" / "sync.yaml", spec)

    completed = update_spec(project, new_spec)

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert (project / "openapi" / "telecrm.yaml").read_bytes() == new_spec.read_bytes()
    assert "loyalty_tier" in (project / "openapi" / "telecrm.patched.yaml").read_text(encoding="utf-8")
    model = (project / "generated" / "telecrm_api" / "models" / "team_member_response.py").read_text(
        encoding="utf-8"
    )
    assert re.search(r"^    loyalty_tier: str \| Unset = UNSET$", model, re.M), "no loyalty_tier attribute"
    assert 'd.pop("loyalty_tier", UNSET)' in model, "loyalty_tier is not decoded"


def test_update_spec_names_every_overlay_action_the_new_spec_broke(project: Path, tmp_path: Path) -> None:
    spec = load_yaml(VENDOR_SPEC)
    schemas = spec["components"]["schemas"]
    del schemas["LostReasonField"]  # 10-vendor-errata fixes its description
    del schemas["NumberField"]  # 10-vendor-errata fixes its example
    del schemas["LeadStage"]["properties"]["stageType"]["enum"]  # 40-forward-compatibility removes it
    new_spec = write_spec(tmp_path / "incoming" / "sync.yaml", spec)
    patched_before = (project / "openapi" / "telecrm.patched.yaml").read_bytes()
    stale_targets = {
        "$.components.schemas.LostReasonField",
        "$.components.schemas.NumberField",
        "$.components.schemas.LeadStage.properties.stageType.enum",
    }
    stale = [
        action
        for overlay in load_overlays(OVERLAYS)
        for action in overlay.actions
        if action.target in stale_targets
    ]
    assert len(stale) == 3, "the overlays changed: pick other targets for this test"

    completed = update_spec(project, new_spec)

    assert completed.returncode == 1, completed.stdout + completed.stderr
    lines = completed.stderr.splitlines()
    for action in stale:
        named = [
            line
            for line in lines
            if action.source in line and f"action {action.index} " in line and action.target in line
        ]
        assert named, f"stderr does not name {action.label}:\n{completed.stderr}"
    # The new spec is adopted so the overlays can be fixed against it, but nothing is regenerated.
    assert (project / "openapi" / "telecrm.yaml").read_bytes() == new_spec.read_bytes()
    assert (project / "openapi" / "telecrm.patched.yaml").read_bytes() == patched_before
    assert not (project / "generated").exists()
