"""Results of partial-success writes: outcomes matched to what was sent, remarks, ok and raise_for_ignored."""

from __future__ import annotations

import pickle
import re

import pytest

from telecrm import ActionNotCreatedError, CustomAction, Payment
from telecrm._errors import PartialSuccessError
from telecrm._results import (
    ActionBatchResult,
    ActionOutcome,
    LeadCreateResult,
    Remark,
    action_batch_result,
    lead_create_result,
)

CALL = CustomAction(1001, {"note": "called"})
PAYMENT = Payment("5000", "INR", "PENDING")

# --- Remark -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "action_index", "field_name"),
    [
        ("actions[1].fields.email", 1, "email"),
        ("actions[0].fields.email", 0, "email"),
        ("actions[12].fields.phone", 12, "phone"),
        ("fields.rating", None, "rating"),
        ("actions[3]", 3, None),
        ("actions[2].amount", 2, "amount"),
        ("actions[1].fields", 1, None),
        ("fields", None, None),
        ("fields.address.city", None, "address.city"),
    ],
)
def test_remark_parses_its_path(path: str, action_index: int | None, field_name: str | None) -> None:
    remark = Remark(field=path, status="IGNORED", remark="r")
    assert (remark.action_index, remark.field_name) == (action_index, field_name)


@pytest.mark.parametrize(
    "path",
    [None, "", "rating", "actions[x].fields.a", "actions[-1].fields.a", "actions[\u0661]", "lead.fields.a"],
)
def test_remark_with_an_unreadable_path_has_neither_index_nor_name(path: str | None) -> None:
    remark = Remark(field=path, status="IGNORED", remark="r")
    assert (remark.action_index, remark.field_name) == (None, None)


# --- building a result ------------------------------------------------------------------------------------


def create_body() -> dict[str, object]:
    return {
        "lead_id": "L1",
        "actions": [{"action_id": "A1", "status": "CREATED"}, {"action_id": None, "status": "IGNORED"}],
        "remarks": [
            {"field": "fields.rating", "status": "IGNORED", "remark": "Rating must be between 1 and 5"},
            {"field": "actions[1].fields.email", "status": "IGNORED", "remark": "Email is invalid"},
        ],
    }


def test_lead_create_result_carries_the_lead_id() -> None:
    assert lead_create_result(create_body(), [CALL, PAYMENT]).lead_id == "L1"


def test_outcomes_pair_each_sent_action_with_the_servers_entry_by_position() -> None:
    result = lead_create_result(create_body(), [CALL, PAYMENT])
    assert result.actions == (
        ActionOutcome(index=0, action=CALL, id="A1", status="CREATED", remarks=()),
        ActionOutcome(
            index=1,
            action=PAYMENT,
            id=None,
            status="IGNORED",
            remarks=(Remark("actions[1].fields.email", "IGNORED", "Email is invalid"),),
        ),
    )


def test_remarks_are_all_kept_in_server_order() -> None:
    result = lead_create_result(create_body(), [CALL, PAYMENT])
    assert [r.field for r in result.remarks] == ["fields.rating", "actions[1].fields.email"]


def test_field_remarks_are_the_remarks_about_lead_fields() -> None:
    result = lead_create_result(create_body(), [CALL, PAYMENT])
    assert result.field_remarks == (Remark("fields.rating", "IGNORED", "Rating must be between 1 and 5"),)


def test_a_remark_with_an_unreadable_path_counts_as_a_field_remark() -> None:
    result = lead_create_result({"lead_id": "L1", "remarks": [{"field": "weird", "status": "WARNING"}]}, [])
    assert result.field_remarks == (Remark("weird", "WARNING", None),)


def test_ignored_are_the_outcomes_with_status_ignored() -> None:
    result = lead_create_result(create_body(), [CALL, PAYMENT])
    assert [o.index for o in result.ignored] == [1]


def test_raw_keeps_the_whole_body_including_unknown_fields() -> None:
    body = {**create_body(), "trace_id": "t-1"}
    assert lead_create_result(body, [CALL, PAYMENT]).raw["trace_id"] == "t-1"


def test_action_batch_result_is_built_the_same_way() -> None:
    result = action_batch_result(create_body(), [CALL, PAYMENT], "L1")
    assert isinstance(result, ActionBatchResult)
    assert [(o.index, o.status) for o in result.actions] == [(0, "CREATED"), (1, "IGNORED")]


def test_the_two_result_types_are_not_equal_even_with_the_same_content() -> None:
    created: object = lead_create_result(create_body(), [CALL])
    assert created != action_batch_result(create_body(), [CALL], "L1")


def test_a_status_the_sdk_does_not_know_passes_through() -> None:
    result = action_batch_result({"actions": [{"action_id": "A1", "status": "QUEUED"}]}, [CALL], "L1")
    assert result.actions[0].status == "QUEUED"


def test_an_action_batch_without_a_lead_id_is_for_the_lead_it_was_sent_to() -> None:
    assert action_batch_result({"actions": []}, [], "L9").lead_id == "L9"


def test_a_created_lead_without_a_lead_id_is_an_unreadable_response() -> None:
    with pytest.raises(ValueError, match="no lead_id"):
        lead_create_result({"actions": []}, [])


def test_a_created_action_without_an_action_id_is_an_unreadable_response() -> None:
    with pytest.raises(ValueError, match="CREATED but has no action_id"):
        action_batch_result({"actions": [{"status": "CREATED"}]}, [CALL], "L1")


def test_the_action_id_of_an_ignored_action_raises_saying_why() -> None:
    body = {
        "actions": [{"status": "IGNORED"}],
        "remarks": [{"field": "actions[0].type", "remark": "no such code"}],
    }
    outcome = action_batch_result(body, [CALL], "L1").actions[0]

    with pytest.raises(
        ActionNotCreatedError,
        match=re.escape("actions[0] has no id: its status is IGNORED; actions[0].type: no such code"),
    ):
        _ = outcome.action_id


# --- responses that do not match what was sent -----------------------------------------------------------


def test_an_action_the_response_does_not_mention_gets_status_unknown() -> None:
    result = action_batch_result(
        {"actions": [{"action_id": "A1", "status": "CREATED"}]}, [CALL, PAYMENT], "L1"
    )
    assert result.actions[1] == ActionOutcome(index=1, action=PAYMENT, id=None, status="UNKNOWN", remarks=())
    assert not result.ok


def test_a_response_without_actions_gives_every_sent_action_status_unknown() -> None:
    result = lead_create_result({"lead_id": "L1"}, [CALL])
    assert [o.status for o in result.actions] == ["UNKNOWN"]


def test_an_entry_beyond_the_actions_sent_is_kept_without_an_action() -> None:
    body = {"actions": [{"action_id": "A1", "status": "CREATED"}, {"action_id": "A2", "status": "CREATED"}]}
    result = action_batch_result(body, [CALL], "L1")
    assert result.actions[1] == ActionOutcome(index=1, action=None, id="A2", status="CREATED", remarks=())
    assert not result.ok


@pytest.mark.parametrize("entry", [None, "CREATED", 5, {"status": 5}])
def test_a_malformed_entry_gives_status_unknown(entry: object) -> None:
    assert action_batch_result({"actions": [entry]}, [CALL], "L1").actions[0].status == "UNKNOWN"


def test_malformed_remarks_are_kept_with_none_values() -> None:
    result = action_batch_result({"actions": [], "remarks": ["text", {"field": 1}]}, [], "L1")
    assert result.remarks == (Remark(None, None, None), Remark(None, None, None))


def test_actions_and_remarks_that_are_not_lists_are_read_as_empty() -> None:
    result = lead_create_result({"lead_id": "L1", "actions": "x", "remarks": {"a": 1}}, [])
    assert (result.actions, result.remarks) == ((), ())


# --- ok and raise_for_ignored -----------------------------------------------------------------------------


def all_created() -> dict[str, object]:
    return {"lead_id": "L1", "actions": [{"action_id": "A1", "status": "CREATED"}], "remarks": []}


def test_ok_when_every_action_was_created_and_there_is_no_remark() -> None:
    assert lead_create_result(all_created(), [CALL]).ok


def test_ok_for_a_lead_created_without_actions() -> None:
    assert lead_create_result({"lead_id": "L1"}, []).ok


def test_not_ok_when_an_action_was_ignored() -> None:
    assert not lead_create_result(create_body(), [CALL, PAYMENT]).ok


def test_not_ok_when_there_is_only_a_warning() -> None:
    body = {**all_created(), "remarks": [{"field": "fields.name", "status": "WARNING", "remark": "trimmed"}]}
    assert not lead_create_result(body, [CALL]).ok


def test_raise_for_ignored_returns_the_result_when_ok() -> None:
    result = lead_create_result(all_created(), [CALL])
    assert result.raise_for_ignored() is result


def test_raise_for_ignored_raises_with_the_result_attached() -> None:
    result = lead_create_result(create_body(), [CALL, PAYMENT])
    with pytest.raises(PartialSuccessError) as caught:
        result.raise_for_ignored()
    assert caught.value.result is result


def test_partial_success_message_lists_ignored_actions_and_remarks() -> None:
    with pytest.raises(PartialSuccessError) as caught:
        lead_create_result(create_body(), [CALL, PAYMENT]).raise_for_ignored()
    assert str(caught.value) == (
        "lead L1: 1 of 2 action(s) not created, 2 remark(s)\n"
        "  actions[1]: IGNORED\n"
        "  fields.rating: IGNORED: Rating must be between 1 and 5\n"
        "  actions[1].fields.email: IGNORED: Email is invalid"
    )


def test_partial_success_message_explains_unknown_and_unexpected_entries() -> None:
    body = {"lead_id": "L1", "actions": [{}, {"action_id": "A2", "status": "CREATED"}]}
    with pytest.raises(PartialSuccessError) as caught:
        action_batch_result(body, [CALL], "L1").raise_for_ignored()
    assert str(caught.value) == (
        "lead L1: 2 of 2 action(s) not created, 0 remark(s)\n"
        "  actions[0]: UNKNOWN (not in the response; it may or may not have been saved)\n"
        "  actions[1]: CREATED (an entry beyond the actions sent)"
    )


def test_results_are_frozen() -> None:
    result = lead_create_result(all_created(), [CALL])
    with pytest.raises(AttributeError):
        result.lead_id = "other"  # type: ignore[misc]


def test_result_raw_cannot_be_modified() -> None:
    result = lead_create_result(all_created(), [CALL])
    with pytest.raises(TypeError):
        result.raw["lead_id"] = "other"  # type: ignore[index]


def test_lead_create_result_and_action_batch_result_are_distinct_types() -> None:
    assert not issubclass(LeadCreateResult, ActionBatchResult)
    assert not issubclass(ActionBatchResult, LeadCreateResult)


def test_a_result_survives_pickling() -> None:
    result = lead_create_result(create_body(), [CALL, PAYMENT])
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result
    assert dict(copy.raw) == dict(result.raw)
