"""Every value and result the SDK returns can be pickled (to worker processes, caches) and its mappings can be
dumped as JSON: one frozen mapping type is used everywhere."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal

import pytest

from telecrm import (
    CustomAction,
    CustomActionDefinition,
    CustomField,
    EnterpriseMetadata,
    IngestOutcome,
    IngestProgress,
    IngestReport,
    Lead,
    Payment,
    Pipeline,
    Queued,
    TeamMember,
    TeamMemberState,
)
from telecrm._actions import action_from_api
from telecrm._results import action_batch_result, lead_create_result
from telecrm._value import Value, fields

_VALUES = {
    "Lead": Lead.from_api({"fields": {"name": "Jane", "phone": "919999999999", "tags": ["a"]}, "extra": 1}),
    "CustomAction": CustomAction(1001, {"note": "x", "nested": {"a": [1, 2]}}),
    "Payment": Payment(Decimal("5000.50"), "INR", "PENDING"),
    "TimelineEntry": action_from_api({"type": "OUTGOING_CALL", "id": "A1", "duration": 30}),
    "TeamMember": TeamMember.from_api(
        {"name": "Asha", "email": "a@b.co", "status": "Active", "license": None}
    ),
    "TeamMemberState": TeamMemberState(email="a@b.co", status="Active", raw={"email": "a@b.co"}),
    "CustomField": CustomField.from_api({"apiName": "budget", "type": "NUMBER", "description": "x"}),
    "CustomActionDefinition": CustomActionDefinition.from_api(
        {"code": "ACTION_1001", "name": "Site visit", "fieldSchema": {"note": {"type": "TEXT"}}}
    ),
    "EnterpriseMetadata": EnterpriseMetadata.from_api({"id": "E1", "name": "Acme"}),
    "Pipeline": Pipeline.from_api(
        {
            "leadStages": [
                {
                    "stageid": "S1",
                    "stageType": "OPEN",
                    "visibility": True,
                    "activeStatuses": [{"label": "Fresh", "statusid": 1, "color": "#fff"}],
                    "archivedStatuses": [{"label": "Old"}],
                }
            ],
            "activeLeadLostReasons": [{"reasonLabel": "Budget", "reasonid": 2, "isDefault": True}],
        }
    ),
    "Queued": Queued(status="QUEUED", raw={"status": "QUEUED"}),
    "LeadCreateResult": lead_create_result(
        {"lead_id": "L1", "actions": [{"action_id": "A1", "status": "CREATED"}], "remarks": []},
        (CustomAction(1001),),
    ),
    "ActionBatchResult": action_batch_result(
        {"lead_id": "L1", "actions": [{"status": "IGNORED"}], "remarks": [{"field": "actions[0].type"}]},
        (CustomAction(1001),),
        "L1",
    ),
    "IngestReport": IngestReport((IngestOutcome(0, "queued", attempts=1),), elapsed=0.5, requests=1),
    "IngestProgress": IngestProgress(1, 1, 1, 0, 0, 1, 0, 0.5),
}


@pytest.mark.parametrize("name", sorted(_VALUES))
def test_a_value_survives_pickling_unchanged(name):
    value = _VALUES[name]

    assert pickle.loads(pickle.dumps(value)) == value


def _mappings(value: object) -> list[object]:
    return [
        getattr(value, attribute.name)
        for attribute in fields(type(value))
        if hasattr(getattr(value, attribute.name), "keys")
    ]


@pytest.mark.parametrize("name", sorted(name for name in _VALUES if _mappings(_VALUES[name])))
def test_the_mappings_a_value_holds_dump_as_json(name):
    for mapping in _mappings(_VALUES[name]):
        assert json.loads(json.dumps(dict(mapping))) == dict(mapping)


def test_a_frozen_mapping_equals_the_dict_it_copies():
    lead = _VALUES["Lead"]

    assert lead.fields == {"name": "Jane", "phone": "919999999999", "tags": ["a"]}


def _values_within(value: object) -> list[Value]:
    if isinstance(value, Value):
        return [
            value,
            *(
                inner
                for attribute in fields(type(value))
                for inner in _values_within(getattr(value, attribute.name))
            ),
        ]
    if isinstance(value, tuple):
        return [inner for item in value for inner in _values_within(item)]
    return []


@pytest.mark.parametrize("name", sorted(_VALUES))
def test_a_value_and_every_value_within_it_hold_exactly_their_declared_fields(name):
    for value in _values_within(_VALUES[name]):
        assert sorted(vars(value)) == sorted(attribute.name for attribute in fields(type(value)))


def test_a_lead_decoded_from_the_api_equals_one_built_by_its_constructor():
    data = {"fields": {"name": "Jane"}, "actions_skip": 0, "actions_limit": 10}

    assert Lead.from_api(data) == Lead(fields={"name": "Jane"}, actions_skip=0, actions_limit=10, raw=data)
