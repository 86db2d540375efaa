"""GET /custom-fields and GET /custom-actions answer in two shapes (detail=false / detail=true);
each item must decode to the model of its shape."""

from telecrm_api.models import (
    CustomActionDetailed,
    CustomActions,
    CustomActionSummary,
    CustomFieldDetailed,
    CustomFieldDetailedOptionsItem,
    CustomFields,
    CustomFieldSummary,
)

FIELD_SUMMARY = {
    "type": "DROPDOWN",
    "apiName": "contact_source",
    "lockAfterCreate": False,
    "isLeadid": False,
    "options": ["Website", "Referral"],
}
FIELD_DETAILED = {
    "id": "5f8a1b2c3d4e5f6a7b8c9d0e",
    "type": "DROPDOWN",
    "apiName": "contact_source",
    "lockAfterCreate": False,
    "isLeadid": False,
    "options": [{"id": "o1", "label": "Website"}, {"id": "o2", "label": "Referral"}],
    "dateFormat": "DD/MM/YYYY",
}
ACTION_SUMMARY = {"code": "ACTION_1001", "displayName": "Site Visit", "score": 10, "source": "USER"}
ACTION_DETAILED = {
    "id": "64b7f0c2e4b0a1a2b3c4d5e6",
    "code": "ACTION_1001",
    "displayName": "Site Visit",
    "score": 10,
    "source": "USER",
    "fieldSchema": {"note": {"type": "TEXT"}},
    "createdOn": 1609459200000,
}


def test_summary_custom_fields_decode_as_summaries() -> None:
    body = {"customFields": [FIELD_SUMMARY]}
    decoded = CustomFields.from_dict(body)
    assert isinstance(decoded.custom_fields, list)
    (item,) = decoded.custom_fields
    assert isinstance(item, CustomFieldSummary)
    assert item.options == ["Website", "Referral"]
    assert decoded.to_dict() == body


def test_detailed_custom_fields_decode_as_detailed() -> None:
    body = {"customFields": [FIELD_DETAILED]}
    decoded = CustomFields.from_dict(body)
    assert isinstance(decoded.custom_fields, list)
    (item,) = decoded.custom_fields
    assert isinstance(item, CustomFieldDetailed)
    assert isinstance(item.options, list)
    assert all(isinstance(option, CustomFieldDetailedOptionsItem) for option in item.options)
    assert [option.label for option in item.options] == ["Website", "Referral"]
    assert decoded.to_dict() == body


def test_summary_custom_actions_decode_as_summaries() -> None:
    body = {"customActions": [ACTION_SUMMARY]}
    decoded = CustomActions.from_dict(body)
    assert isinstance(decoded.custom_actions, list)
    assert [type(item) for item in decoded.custom_actions] == [CustomActionSummary]
    assert decoded.to_dict() == body


def test_detailed_custom_actions_decode_as_detailed() -> None:
    body = {"customActions": [ACTION_DETAILED]}
    decoded = CustomActions.from_dict(body)
    assert isinstance(decoded.custom_actions, list)
    (item,) = decoded.custom_actions
    assert isinstance(item, CustomActionDetailed)
    assert item.field_schema is not None
    assert decoded.to_dict() == body
