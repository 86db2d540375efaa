"""The overlays: documented, applicable to the vendor spec as it is, and already applied."""

import re
from typing import Any

import pytest
from overlay import apply_overlays, load_overlays, load_yaml, positional_selectors, replay
from pipeline import patched_spec_text
from specwalk import OVERLAYS, PATCHED_SPEC

OVERLAY_FILES = sorted(path.name for path in OVERLAYS.glob("*.yaml"))


def test_there_are_overlays() -> None:
    assert OVERLAY_FILES, f"no overlay documents in {OVERLAYS}"


@pytest.mark.parametrize("name", OVERLAY_FILES)
def test_every_overlay_action_has_a_description(name: str) -> None:
    raw = load_yaml(OVERLAYS / name)
    undocumented = [
        f"action {index} ({action.get('target')})"
        for index, action in enumerate(raw["actions"])
        if not isinstance(action.get("description"), str) or not action["description"].strip()
    ]
    assert undocumented == [], f"{name}: actions without a description: {undocumented}"
    # The applier parses the same documents and must agree.
    (parsed,) = [overlay for overlay in load_overlays(OVERLAYS) if overlay.source == name]
    assert len(parsed.actions) == len(raw["actions"])


def test_every_overlay_action_matches_the_vendor_spec(vendor: Any) -> None:
    stale = [f"{action.label}: {reason}" for action, reason in replay(vendor, load_overlays(OVERLAYS)).stale]
    assert stale == [], "overlay actions that do not apply to openapi/telecrm.yaml:\n  " + "\n  ".join(stale)


def test_every_overlay_action_changes_the_vendor_spec(vendor: Any) -> None:
    # An action that changes nothing fixes a defect the vendor no longer has: delete it.
    idle = [action.label for action in replay(vendor, load_overlays(OVERLAYS)).idle]
    assert idle == [], "overlay actions that change nothing in openapi/telecrm.yaml:\n  " + "\n  ".join(idle)


def test_no_overlay_action_selects_by_position() -> None:
    # `$.tags[4]` deletes another tag as soon as the vendor inserts one: select by name or value.
    positional = [
        f"{action.label}: {selectors}"
        for overlay in load_overlays(OVERLAYS)
        for action in overlay.actions
        if (selectors := positional_selectors(action.target))
    ]
    assert positional == [], "overlay targets with index or slice selectors:\n  " + "\n  ".join(positional)


def test_applying_the_overlays_to_the_vendor_spec_succeeds(vendor: Any) -> None:
    patched = apply_overlays(vendor, load_overlays(OVERLAYS))  # strict: raises OverlayError on any problem
    assert patched != vendor


def test_committed_patched_spec_is_exactly_what_the_overlays_produce() -> None:
    assert PATCHED_SPEC.read_text(encoding="utf-8") == patched_spec_text(), (
        "openapi/telecrm.patched.yaml is stale or hand-edited: run `make generate`"
    )


def test_overlays_readme_lists_every_file_with_its_action_count() -> None:
    readme = (OVERLAYS / "README.md").read_text(encoding="utf-8")
    wrong = []
    for overlay in load_overlays(OVERLAYS):
        row = re.search(rf"^\|\s*`{re.escape(overlay.source)}`\s*\|.*?\|\s*(\d+)\s*\|\s*$", readme, re.M)
        if row is None or int(row.group(1)) != len(overlay.actions):
            found = row.group(1) if row else "no row"
            wrong.append(f"{overlay.source}: {len(overlay.actions)} actions, README says {found}")
    assert wrong == [], "overlays/README.md is out of date:\n  " + "\n  ".join(wrong)
