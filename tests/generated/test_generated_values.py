"""Values pass through the generated models exactly as the server sent them: dates are not
parsed (the API's dates are `DD/MM/YYYY HH:mm:ss` strings or epoch ms, never RFC 3339), lead
field values keep their JSON type."""

from typing import Any

import pytest
from telecrm_api.models import (
    CustomAction,
    InputCustomAction,
    InputPaymentAction,
    Lead,
    LeadFields,
    LeadNoAction,
    PaymentAction,
)

CREATED_ON = ["01/01/2023 11:30:00", 1672569000000]
ACTIONS = {
    CustomAction: {"type": "1001", "fields": {"note": "x"}},
    InputCustomAction: {"type": "1001", "fields": {"note": "x"}},
    InputPaymentAction: {"type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "5000"},
    PaymentAction: {"type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "5000"},
}
DATE_LIKE = ["2023-01-01", "20230101", "2023-01-01T10:00:00Z", "01/01/2023 10:30:00"]


@pytest.mark.parametrize("created_on", CREATED_ON, ids=["workspace-string", "epoch-ms"])
@pytest.mark.parametrize("model", list(ACTIONS), ids=lambda model: model.__name__)
def test_created_on_round_trips_unchanged(model: Any, created_on: object) -> None:
    body = {**ACTIONS[model], "created_on": created_on}
    decoded = model.from_dict(body)
    assert decoded.to_dict() == body
    assert type(decoded.to_dict()["created_on"]) is type(created_on)


@pytest.mark.parametrize("value", DATE_LIKE)
def test_date_like_standard_field_value_stays_the_same_string(value: str) -> None:
    fields = LeadFields.from_dict({"name": value, "phone": "919999999999"})
    assert fields.name == value
    assert fields.to_dict() == {"name": value, "phone": "919999999999"}


@pytest.mark.parametrize("value", DATE_LIKE)
def test_date_like_custom_field_value_stays_the_same_string(value: str) -> None:
    body = {"phone": "919999999999", "follow_up_date": value}
    fields = LeadFields.from_dict(body)
    assert fields["follow_up_date"] == value
    assert type(fields["follow_up_date"]) is str
    assert fields.to_dict() == body


def test_epoch_millisecond_custom_field_stays_an_int() -> None:
    fields = LeadFields.from_dict({"follow_up_date": 1672569000000})
    assert fields["follow_up_date"] == 1672569000000
    assert type(fields["follow_up_date"]) is int


@pytest.mark.parametrize(("value", "kind"), [(156, int), (156.5, float), (0, int), (3, int)])
def test_number_custom_field_keeps_its_json_type(value: float, kind: type) -> None:
    fields = LeadFields.from_dict({"deal_size": value})
    assert type(fields["deal_size"]) is kind
    assert fields.to_dict() == {"deal_size": value}


def test_rating_stays_an_int() -> None:
    fields = LeadFields.from_dict({"rating": 4})
    assert fields.rating == 4
    assert type(fields.rating) is int


def test_tags_field_stays_a_list_of_strings() -> None:
    fields = LeadFields.from_dict({"interests": ["Tag1", "2023-01-01"]})
    assert fields["interests"] == ["Tag1", "2023-01-01"]
    assert fields.to_dict() == {"interests": ["Tag1", "2023-01-01"]}


def test_lead_round_trips_every_field_kind_unchanged() -> None:
    body = {
        "fields": {
            "name": "2023-01-01",
            "phone": "919999999999",
            "email": "jane.doe@example.com",
            "rating": 3,
            "status": "Fresh",
            "assignee": "agent@example.com",
            "created_on": "2023-01-01T10:00:00Z",
            "next_call": "20230101",
            "deal_size": 5000,
            "budget": "1000",
            "interests": ["a", "b"],
            "last_visit": 1672569000000,
        },
        "actions": [{"type": "1001", "fields": {"visit_date": "2023-01-01", "count": 2}}],
        "actions_skip": 0,
        "actions_limit": 10,
    }
    assert Lead.from_dict(body).to_dict() == body


def test_search_result_lead_round_trips_unchanged() -> None:
    body = {"fields": {"phone": "919999999999", "created_on": "2023-01-01T10:00:00Z", "score": 1.5}}
    assert LeadNoAction.from_dict(body).to_dict() == body
