"""Ids, emails and API names are path segments: whatever their value, a call reaches its own endpoint."""

from __future__ import annotations

import httpx
import pytest
from e2e_support import ROHAN, connection, routes

from telecrm import ActionNotFoundError, CustomAction, NotFoundError, Telecrm, ValidationError
from telecrm.testing import FakeTelecrm


def test_a_lead_id_with_a_slash_is_sent_percent_encoded(fake: FakeTelecrm) -> None:
    sent: list[bytes] = []
    with (
        httpx.Client(
            event_hooks={"request": [lambda request: sent.append(request.url.raw_path.partition(b"?")[0])]}
        ) as http,
        Telecrm(**connection(fake, http_client=http)) as client,
        pytest.raises(NotFoundError),  # the fake routes on the decoded path: no such route, 404
    ):
        client.leads.get(f"{ROHAN}/action")

    assert sent == [f"/autoupdate/v2/enterprise/{fake.enterprise_id}/lead/{ROHAN}%2Faction".encode()]


def test_an_action_update_with_a_dot_dot_action_id_never_updates_the_lead(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    with pytest.raises((ValidationError, ActionNotFoundError)):
        client.actions.update(ROHAN, "..", CustomAction(1001, {"city": "Nowhere"}))

    assert fake.state.lead(ROHAN).fields["city"] == "Pune"
    assert set(routes(fake)) <= {"POST /lead/{leadId}/action/{actionId}"}


def test_an_action_get_with_a_dot_dot_action_id_never_reads_the_lead(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    with pytest.raises((ValidationError, ActionNotFoundError)):
        client.actions.get(ROHAN, "..")

    assert set(routes(fake)) <= {"GET /lead/{leadId}/action/{actionId}"}
