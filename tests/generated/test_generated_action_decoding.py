"""Which model an action dict becomes in the generated client.

The generator ignores discriminators and `pattern`: for an `anyOf` it tries the variants in
order and keeps the first whose `from_dict` does not raise. These tests pin the outcome at
every place a response carries an action.

A built-in entry such as ``{"type": "OUTGOING_CALL"}`` lands in ``CustomAction`` (whose
``pattern`` the generator does not enforce) rather than ``BuiltInAction``; it loses nothing,
and the hand-written layer classifies entries by their ``type`` (``telecrm._actions``).
"""

from typing import Any

import httpx
from telecrm_api import Client
from telecrm_api.api.actions import get_action, update_action
from telecrm_api.models import (
    CustomAction,
    Lead,
    PaymentAction,
    SearchLeadActionResults,
)

PAYMENT = {"type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "5000"}
CUSTOM = {"type": "1001", "fields": {"note": "x"}}
BUILT_IN = {"type": "OUTGOING_CALL"}

CLIENT = Client(base_url="https://api.example.test")



def get_action_response(body: dict[str, Any]) -> object:
    return get_action._parse_response(client=CLIENT, response=httpx.Response(200, json=body))


def search_results(*actions: dict[str, Any]) -> list[object]:
    results = SearchLeadActionResults.from_dict({"data": list(actions), "total_count": len(actions)})
    assert isinstance(results.data, list)
    return list(results.data)


def lead_actions(*actions: dict[str, Any]) -> list[object]:
    lead = Lead.from_dict({"fields": {"phone": "919999999999"}, "actions": list(actions)})
    assert isinstance(lead.actions, list)
    return list(lead.actions)


# --- LeadAction (GET / update an action) ---------------------------------------------------------


def test_payment_from_get_action_decodes_as_payment_action() -> None:
    action = get_action_response(PAYMENT)
    assert isinstance(action, PaymentAction)
    assert action.to_dict() == PAYMENT


def test_payment_from_update_action_decodes_as_payment_action() -> None:
    response = httpx.Response(200, json=PAYMENT)
    assert isinstance(update_action._parse_response(client=CLIENT, response=response), PaymentAction)


def test_custom_action_from_get_action_decodes_as_custom_action() -> None:
    action = get_action_response(CUSTOM)
    assert isinstance(action, CustomAction)
    assert action.to_dict() == CUSTOM


# --- TimelineAction (action search results, lead with includeActions) ----------------------------


def test_payment_in_action_search_results_decodes_as_payment_action() -> None:
    (action,) = search_results(PAYMENT)
    assert isinstance(action, PaymentAction)


def test_custom_action_in_action_search_results_decodes_as_custom_action() -> None:
    (action,) = search_results(CUSTOM)
    assert isinstance(action, CustomAction)


def test_built_in_action_in_action_search_results_decodes_without_error_and_round_trips() -> None:
    # Whatever model it lands in, a built-in action must not fail the search, nor lose data.
    (action,) = search_results({**BUILT_IN, "duration": 42, "performed_by": "agent@example.com"})
    assert action.to_dict() == {**BUILT_IN, "duration": 42, "performed_by": "agent@example.com"}


def test_lead_actions_decode_payment_and_custom_actions_by_shape() -> None:
    payment, custom = lead_actions(PAYMENT, CUSTOM)
    assert isinstance(payment, PaymentAction)
    assert isinstance(custom, CustomAction)


def test_search_results_keep_payment_custom_order_and_values() -> None:
    body = {"data": [PAYMENT, CUSTOM], "total_count": 2, "skip": 0, "limit": 10}
    assert SearchLeadActionResults.from_dict(body).to_dict() == body
