"""Enterprise metadata: custom fields and actions in both detail modes, metadata, pipeline."""

from __future__ import annotations

import httpx
import pytest

from telecrm.testing import FakeTelecrm, Workspace


def test_custom_fields_summary_lists_fields_of_the_documented_types(sync: httpx.Client) -> None:
    fields = sync.get("/custom-fields").json()["customFields"]
    assert [(f["apiName"], f["type"]) for f in fields] == [
        ("name", "TEXT"), ("phone", "PHONE"), ("email", "EMAIL"), ("city", "TEXT"),
        ("alternate_email", "EMAIL"), ("alternate_phone", "PHONE"), ("budget_lakhs", "NUMBER"),
        ("next_follow_up", "DATE"), ("lead_source", "DROPDOWN"), ("interests", "TAGS"),
        ("deal_value", "MONEY"), ("company_website", "WEBSITE"), ("customer_code", "UNIQUE"),
    ]  # fmt: skip
    assert fields[1] == {
        "type": "PHONE", "apiName": "phone", "lockAfterCreate": True, "isLeadid": True,
        "options": [], "tags": [],
    }  # fmt: skip
    assert fields[8]["options"][:2] == ["Website", "Facebook Ads"]


def test_custom_fields_detail_has_ids_labelled_options_and_date_formats(sync: httpx.Client) -> None:
    fields = {
        f["apiName"]: f for f in sync.get("/custom-fields", params={"detail": "true"}).json()["customFields"]
    }
    assert set(fields["interests"]["tags"][0]) == {"id", "label"}
    assert len(fields["city"]["id"]) == 24
    assert (fields["next_follow_up"]["dateFormat"], fields["next_follow_up"]["timeFormat"]) == (
        "DD/MM/YYYY",
        "HH:mm",
    )
    assert "dateFormat" not in fields["city"]


def test_custom_field_by_api_name_is_detailed(sync: httpx.Client) -> None:
    field = sync.get("/custom-fields/lead_source").json()
    assert (field["apiName"], field["type"], field["description"]) == (
        "lead_source",
        "DROPDOWN",
        "Where the lead came from",
    )
    assert field["options"][0]["label"] == "Website"


def test_custom_field_api_name_is_case_sensitive(sync: httpx.Client) -> None:
    response = sync.get("/custom-fields/Lead_Source")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "NOT_FOUND", "message": "Could not find custom field with apiName Lead_Source"}
    }


def test_custom_actions_summary(sync: httpx.Client) -> None:
    actions = sync.get("/custom-actions").json()["customActions"]
    assert actions[0] == {"code": "ACTION_1001", "displayName": "Site Visit", "score": 10, "source": "USER"}
    assert [a["source"] for a in actions] == ["USER", "USER", "USER", "SYSTEM"]


def test_custom_actions_detail_has_the_field_schema(sync: httpx.Client) -> None:
    [site_visit, *_] = sync.get("/custom-actions", params={"detail": "true"}).json()["customActions"]
    assert site_visit["fieldSchema"] == {
        "note": {"type": "TEXT"},
        "visit_date": {"type": "DATE"},
        "outcome": {"type": "DROPDOWN", "options": ["Interested", "Not Interested"]},
        "visited_with": {"type": "ACTIVE_USERS"},
    }
    assert (site_visit["allowPredatedActivity"], site_visit["definitionType"]) == (
        {"enabled": True},
        "USER_DEFINED",
    )


def test_custom_action_by_prefixed_code(sync: httpx.Client) -> None:
    response = sync.get("/custom-actions/ACTION_1002")
    assert (response.status_code, response.json()["displayName"]) == (200, "Demo Booked")


def test_custom_action_by_bare_code_is_404(sync: httpx.Client) -> None:
    response = sync.get("/custom-actions/1001")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "NOT_FOUND", "message": "Custom action with code 1001 was not found."}
    }


def test_metadata(sync: httpx.Client, telecrm_fake: FakeTelecrm) -> None:
    assert sync.get("/metadata").json() == {
        "name": "Sunrise Realty",
        "id": telecrm_fake.enterprise_id,
        "creationTimeStamp": 1609459200000,
        "teamSize": "10-50",
        "industry": "Real Estate",
        "website": "https://sunriserealty.example",
        "leadIdentifierFieldId": "phone",
        "integrations": ["WHATSAPP", "EMAIL", "SMS"],
    }


def test_pipeline_has_active_and_archived_statuses_and_lost_reasons(sync: httpx.Client) -> None:
    body = sync.get("/lead-stage-pipeline").json()
    assert [(s["stageType"], [x["label"] for x in s["activeStatuses"]]) for s in body["leadStages"]] == [
        ("OPEN", ["Fresh", "Interested", "Follow Up", "Site Visit Scheduled"]),
        ("WON", ["Won", "Booking Done"]),
        ("LOST", ["Lost"]),
    ]
    assert [s["label"] for s in body["leadStages"][0]["archivedStatuses"]] == ["Old Enquiry"]
    assert body["activeLeadLostReasons"][0] == {
        "reasonid": 11,
        "reasonLabel": "Unknown Reason",
        "isDefault": True,
    }
    assert [r["reasonLabel"] for r in body["archivedLeadLostReasons"]] == ["Wrong Number"]


def test_time_format_is_the_workspace_setting() -> None:
    workspace = Workspace.from_dict({"time_format": "HH:mm"})
    with FakeTelecrm.running(workspace) as fake:
        response = httpx.get(
            f"{fake.base_url}/enterprise/{fake.enterprise_id}/custom-fields/next_follow_up",
            headers={"Authorization": f"Bearer {fake.sync_token}"},
        )
    assert (response.json()["dateFormat"], response.json()["timeFormat"]) == ("DD/MM/YYYY", "HH:mm")


ENTERPRISE_PATHS = [
    "/custom-fields",
    "/custom-fields/city",
    "/custom-actions",
    "/custom-actions/ACTION_1001",
    "/metadata",
    "/lead-stage-pipeline",
]


@pytest.mark.parametrize("path", ENTERPRISE_PATHS)
def test_enterprise_endpoints_of_a_deleted_enterprise_are_404_enterprise_not_found(
    sync: httpx.Client, telecrm_fake: FakeTelecrm, path: str
) -> None:
    telecrm_fake.state.delete_enterprise()
    response = sync.get(path)
    assert (response.status_code, response.json()) == (
        404,
        {
            "error": {
                "code": "ENTERPRISE_NOT_FOUND",
                "message": f"The enterprise with ID {telecrm_fake.enterprise_id} was not found.",
            }
        },
    )


def test_a_deleted_enterprise_still_serves_its_leads(sync: httpx.Client, telecrm_fake: FakeTelecrm) -> None:
    telecrm_fake.state.delete_enterprise()
    assert sync.post("/lead/search").json()["total_count"] == 3


def test_reset_restores_a_deleted_enterprise(sync: httpx.Client, telecrm_fake: FakeTelecrm) -> None:
    telecrm_fake.state.delete_enterprise()
    telecrm_fake.reset()
    assert sync.get("/metadata").status_code == 200
