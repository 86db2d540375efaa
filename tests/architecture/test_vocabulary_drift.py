"""The client's vocabularies, the fake's and the generated enums are kept apart on purpose (a rule shared by
client and fake would let the end-to-end tests pass when both are wrong); these tests pin them against each
other so they cannot drift apart silently."""

from __future__ import annotations

from telecrm_api.models.create_team_member_request_role import CreateTeamMemberRequestRole
from telecrm_api.models.payment_currency_field import PaymentCurrencyField
from telecrm_api.models.payment_status_field import PaymentStatusField
from telecrm_api.models.set_team_member_state_body_state import SetTeamMemberStateBodyState

from telecrm import ActionType, Currency, PaymentStatus
from telecrm import _vocabulary as client
from telecrm.testing import _vocabulary as fake


def test_currencies_agree():
    assert set(Currency) == set(fake.PAYMENT_CURRENCIES) == {member.value for member in PaymentCurrencyField}


def test_payment_statuses_agree():
    assert set(PaymentStatus) == set(fake.PAYMENT_STATUSES) == {member.value for member in PaymentStatusField}


def test_team_member_roles_agree():
    assert (
        set(client.TEAM_MEMBER_ROLES)
        == set(fake.ROLES)
        == {role.value for role in CreateTeamMemberRequestRole}
    )


def test_availability_states_agree():
    assert (
        set(client.AVAILABILITY_STATES)
        == set(fake.MEMBER_STATES)
        == {state.value for state in SetTeamMemberStateBodyState}
    )


def test_action_types_agree():
    assert {member.value for member in ActionType} == set(fake.BUILT_IN_ACTION_TYPES) | {
        fake.PAYMENT_ACTION_TYPE
    }


def test_standard_fields_agree():
    assert dict(client.STANDARD_FIELDS) == dict(fake.STANDARD_FIELDS)


def test_page_limits_agree():
    assert (client.LEADS_PAGE_LIMIT, client.ACTIONS_PAGE_LIMIT, client.TEAM_MEMBERS_PAGE_LIMIT) == (
        fake.LEAD_PAGE_LIMIT,
        fake.ACTION_PAGE_LIMIT,
        fake.TEAM_MEMBER_PAGE_LIMIT,
    )


def test_the_async_rate_agrees():
    assert client.ASYNC_RATE_PER_HOUR == fake.DEFAULT_ASYNC_RATE_LIMIT
