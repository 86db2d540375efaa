"""The generator itself: definitions in, module text out. Deterministic, formatted, and correct for any names
and labels the API can hold (run-time checks here; the type checkers' view is in ``test_typecheck.py``)."""

from __future__ import annotations

import keyword
import subprocess
import sys
import typing
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from telecrm import CustomAction, CustomActionDefinition, CustomField, Pipeline
from telecrm._cli._typegen import TypesSource, render, types_source, without_header

CAPTURED = "2026-01-05 10:30 UTC"


def _field(name: str, kind: str, options: Sequence[str] = (), *, identifier: bool = False) -> CustomField:
    labelled = [{"id": str(index), "label": label} for index, label in enumerate(options)]
    return CustomField.from_api(
        {"id": f"id-{name}", "apiName": name, "type": kind, "isLeadid": identifier, "options": labelled}
    )


def _action(code: int, label: str, schema: Mapping[str, Any]) -> CustomActionDefinition:
    return CustomActionDefinition.from_api(
        {"code": f"ACTION_{code}", "displayName": label, "fieldSchema": dict(schema)}
    )


PIPELINE = Pipeline.from_api(
    {
        "leadStages": [
            {
                "stageType": "OPEN",
                "activeStatuses": [{"label": "Fresh"}],
                "archivedStatuses": [{"label": "Old"}],
            }
        ],
        "activeLeadLostReasons": [{"reasonLabel": "Unknown Reason"}],
    }
)
FIELDS = (_field("phone", "PHONE", identifier=True), _field("source", "DROPDOWN", ["Web", "Ads"]))
ACTIONS = (_action(1001, "Site Visit", {"note": {"type": "TEXT"}}),)


def _source(
    fields: Sequence[CustomField] = FIELDS, actions: Sequence[CustomActionDefinition] = ACTIONS
) -> TypesSource:
    return types_source("Test (enterprise E1)", fields, actions, PIPELINE, None)


def _module(text: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "generated_types"}
    exec(compile(text, "generated_types.py", "exec", dont_inherit=True), namespace)
    return namespace


def _hints(namespace: Mapping[str, Any], name: str) -> dict[str, Any]:
    return typing.get_type_hints(namespace[name], globalns=dict(namespace))


def test_the_same_definitions_give_the_same_bytes() -> None:
    first = render(_source(), captured=CAPTURED, version="1.0")

    assert render(_source(), captured=CAPTURED, version="1.0") == first


def test_the_order_the_api_lists_fields_and_actions_in_changes_nothing() -> None:
    actions = (*ACTIONS, _action(1002, "Demo", {}))
    forward = render(_source(FIELDS, actions), captured=CAPTURED, version="1.0")

    assert render(_source(FIELDS[::-1], actions[::-1]), captured=CAPTURED, version="1.0") == forward


def test_two_captures_differ_in_their_header_only() -> None:
    early = render(_source(), captured=CAPTURED, version="1.0")
    late = render(_source(), captured="2026-02-01 08:00 UTC", version="1.0")

    assert early != late
    assert without_header(early) == without_header(late)


def test_the_identifier_is_required_on_new_leads_and_absent_from_updates() -> None:
    module = _module(render(_source(), captured=CAPTURED, version="1.0"))

    assert module["NewLead"].__required_keys__ == frozenset({"phone"})
    assert module["LeadFields"].__required_keys__ == frozenset()
    assert "phone" not in module["LeadUpdate"].__optional_keys__ | module["LeadUpdate"].__required_keys__


def test_the_standard_fields_come_from_the_pipeline_and_the_rating_scale() -> None:
    hints = _hints(_module(render(_source(), captured=CAPTURED, version="1.0")), "LeadFields")

    assert (hints["status"], hints["lostReason"], hints["rating"], hints["assignee"]) == (
        Literal["Fresh"],
        Literal["Unknown Reason"],
        Literal[1, 2, 3, 4, 5],
        str,
    )


def test_the_identifier_can_be_named_by_the_metadata_when_no_field_is_flagged() -> None:
    fields = (_field("email", "EMAIL"), _field("code", "UNIQUE"))

    source = types_source("Test", fields, (), PIPELINE, "id-code")

    assert source.identifier == "code"


def test_a_workspace_without_an_identifier_is_refused() -> None:
    with pytest.raises(ValueError, match="names no lead identifier"):
        types_source("Test", (_field("email", "EMAIL"),), (), PIPELINE, "nothing")


def test_an_action_constructor_builds_the_custom_action_with_its_code() -> None:
    module = _module(render(_source(), captured=CAPTURED, version="1.0"))

    action = module["site_visit"](note="Liked it", created_on=1767225600000)

    assert action == CustomAction(1001, {"note": "Liked it"}, 1767225600000)


def test_a_system_action_without_a_numeric_code_gets_no_constructor() -> None:
    actions = (*ACTIONS, CustomActionDefinition.from_api({"code": "CALL_LOG", "displayName": "Call log"}))

    assert [action.code for action in _source(actions=actions).actions] == [1001]


def test_the_module_is_already_formatted() -> None:
    fields = (
        _field("lead-id", "UNIQUE", identifier=True),
        _field("source", "DROPDOWN", ['He said "hi"', "O'Brien", "back\\slash", "tab\there", "x" * 70]),
        _field("class", "TAGS"),
        _field("a_field_name_long_enough_to_fill_a_line_" * 3, "DROPDOWN", ["x" * 30, "y" * 30]),
    )
    actions = (_action(7, "A label long enough to need its constructor's signature split " * 2, {}),)
    text = render(_source(fields, actions), captured=CAPTURED, version="1.0")

    formatted = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--isolated", "--stdin-filename", "types.py", "-"],
        input=text, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip

    assert formatted == text


_NAMES = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
_LABELS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20)


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(_NAMES, min_size=1, max_size=4, unique=True),
    options=st.lists(_LABELS, min_size=1, max_size=4, unique=True),
    labels=st.lists(
        _LABELS | st.sampled_from(["class", "Lead", "date", "1st", "!!", "LeadFields"]), max_size=4
    ),
)
def test_any_names_and_labels_give_a_module_that_runs_and_keeps_every_key_and_option(
    names: list[str], options: list[str], labels: list[str]
) -> None:
    fields = [_field(name, "DROPDOWN", options) for name in names if name not in ("phone",)]
    actions = [
        _action(100 + index, label, {name: {"type": "TEXT"} for name in names})
        for index, label in enumerate(labels)
    ]
    source = _source([FIELDS[0], *fields], actions)

    module = _module(render(source, captured=CAPTURED, version="1.0"))

    hints = _hints(module, "LeadFields")
    for field in fields:
        assert typing.get_args(hints[field.api_name]) == tuple(options)
    constructors = [name for name in module["__all__"] if name[0].islower()]
    assert len(constructors) == len(labels)
    assert all(name.isidentifier() and not keyword.iskeyword(name) for name in constructors)
    for index, name in enumerate(sorted(constructors, key=lambda n: module[n]().code)):
        assert module[name]().code == 100 + index


@pytest.mark.parametrize("actions", [(), ACTIONS], ids=["without actions or dates", "with actions"])
def test_the_module_imports_only_what_it_uses(actions: tuple[CustomActionDefinition, ...]) -> None:
    text = render(_source(actions=actions), captured=CAPTURED, version="1.0")

    completed = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select=F", "--stdin-filename=t.py", "-"],
        input=text, capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert (completed.returncode, completed.stdout) == (0, "All checks passed!\n")
