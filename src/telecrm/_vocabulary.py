"""Every vocabulary of the API, defined once for the client.

Action types, currencies, payment statuses, team-member roles and availability states, the fields every
workspace has, page limits and the Async API's rate. The fake server keeps its own copies on purpose (a rule
shared by client and fake would let end-to-end tests pass when both are wrong);
``tests/unit/test_vocabulary.py`` pins the client's sets, the fake's and the generated enums against each
other.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = [
    "ACTIONS_PAGE_LIMIT",
    "ASYNC_QUEUED",
    "ASYNC_RATE_PER_HOUR",
    "AVAILABILITY_STATES",
    "LEADS_PAGE_LIMIT",
    "STANDARD_FIELDS",
    "TEAM_MEMBERS_PAGE_LIMIT",
    "TEAM_MEMBER_PHONE",
    "TEAM_MEMBER_ROLES",
    "ActionType",
    "Currency",
    "PaymentStatus",
]

LEADS_PAGE_LIMIT: Final = 100
"""Most leads one search page returns."""
ACTIONS_PAGE_LIMIT: Final = 100
"""Most timeline entries one page returns (action search, a lead's ``include_actions``)."""
TEAM_MEMBERS_PAGE_LIMIT: Final = 10
"""Most team members one page returns."""

ASYNC_QUEUED: Final = "QUEUED"
"""The ``status`` of the Async API's one documented success answer, ``{"status": "QUEUED"}``."""
ASYNC_RATE_PER_HOUR: Final = 18_000.0
"""The Async API's documented limit per token (telecrm-api.md section 4)."""

TEAM_MEMBER_ROLES: Final = ("ADMIN", "MANAGER", "CALLER", "MARKETING_USER")
AVAILABILITY_STATES: Final = ("Active", "Inactive", "On Leave", "Working")

TEAM_MEMBER_PHONE: Final = re.compile(r"[1-9][0-9]{10,14}")
"""A team member's ``phone_number``: digits only, country code first (``919876543210``). E.164 allows at most
15 digits and no country code plus national number is shorter than 11; the API refuses ``+``, spaces and
dashes here, unlike on lead phone fields."""

STANDARD_FIELDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "name": "TEXT",
        "phone": "PHONE",
        "email": "EMAIL",
        "rating": "RATING",
        "status": "STATUS",
        "lostReason": "LOST_REASON",
        "assignee": "ACTIVE_USERS",
    }
)
"""Fields every workspace has, and their types. ``GET /custom-fields`` lists only the types of its enum, so
rating, status, lost reason and assignee never appear there; a listed definition of the same name wins."""


class ActionType(enum.StrEnum):
    """Built-in action types, for searching a lead's timeline. Only custom actions and payments are writable.

    ``ActionType.groups()`` groups them as the Telecrm docs do. Types from the API spec that the docs page
    does not list are in the group ``"Other (spec only)"``; whether the API accepts them as filters is not
    documented.
    """

    PAYMENT = "PAYMENT"

    INCOMING_CALL = "INCOMING_CALL"
    OUTGOING_CALL = "OUTGOING_CALL"
    MISSED_CALL = "MISSED_CALL"
    CALL_ACTION = "CALL_ACTION"
    MAQSAM_INCOMING_CALL = "MAQSAM_INCOMING_CALL"
    MAQSAM_OUTGOING_CALL = "MAQSAM_OUTGOING_CALL"
    IVR_INCOMING_CALL = "IVR_INCOMING_CALL"
    IVR_OUTGOING_CALL = "IVR_OUTGOING_CALL"
    MCUBE_INCOMING_CALL = "MCUBE_INCOMING_CALL"
    MCUBE_OUTGOING_CALL = "MCUBE_OUTGOING_CALL"
    KNOWLARITY_INCOMING_CALL = "KNOWLARITY_INCOMING_CALL"
    KNOWLARITY_OUTGOING_CALL = "KNOWLARITY_OUTGOING_CALL"
    CALLER_DESK_INCOMING_CALL = "CALLER_DESK_INCOMING_CALL"
    CALLER_DESK_OUTGOING_CALL = "CALLER_DESK_OUTGOING_CALL"

    INCOMING_WHATSAPP_MSG = "INCOMING_WHATSAPP_MSG"
    OUTGOING_WHATSAPP_MSG = "OUTGOING_WHATSAPP_MSG"
    WHATSAPP_ACTION = "WHATSAPP_ACTION"
    OUTGOING_SMS = "OUTGOING_SMS"
    OUTGOING_EMAIL = "OUTGOING_EMAIL"

    LEAD_ASSIGNMENT = "LEAD_ASSIGNMENT"
    STATUS_CHANGE = "STATUS_CHANGE"

    TASK_CREATION_ACTION = "TASK_CREATION_ACTION"
    CALL_FOLLOWUP_COMPLETION_ACTION = "CALL_FOLLOWUP_COMPLETION_ACTION"
    TODO_TASK_COMPLETION_ACTION = "TODO_TASK_COMPLETION_ACTION"
    GOOGLE_MEET_COMPLETION_ACTION = "GOOGLE_MEET_COMPLETION_ACTION"

    USER_NOTE = "USER_NOTE"
    SYSTEM_NOTE = "SYSTEM_NOTE"
    LOCATION_CHECK_IN_ACTION = "LOCATION_CHECK_IN_ACTION"
    SALES_FLOW_ACTION = "SALES_FLOW_ACTION"

    CALL_REMINDER_CREATION = "CALL_REMINDER_CREATION"
    TIME_FOR_CALL = "TIME_FOR_CALL"
    DELAY_REMINDER_CREATION = "DELAY_REMINDER_CREATION"
    TIME_FOR_DELAY_COMPLETION = "TIME_FOR_DELAY_COMPLETION"
    MARKED_DONE = "MARKED_DONE"
    FIELD_CHANGE = "FIELD_CHANGE"
    ATTACHMENT = "ATTACHMENT"
    CAMPAIGN_SKIPPED_ACTION = "CAMPAIGN_SKIPPED_ACTION"
    UNSUPPORTED_ACTION = "UNSUPPORTED_ACTION"
    LEAD_MERGE = "LEAD_MERGE"
    LEAD_ARCHIVE = "LEAD_ARCHIVE"
    LEAD_RESTORE = "LEAD_RESTORE"
    RESTORE_LEAD = "RESTORE_LEAD"
    LEAD_OTP = "LEAD_OTP"
    DELETE_LEAD = "DELETE_LEAD"
    LEAD_SPAM_ACTION = "LEAD_SPAM_ACTION"
    AUTO_UPDATE_LEAD_ACTION = "AUTO_UPDATE_LEAD_ACTION"
    RAZORPAY = "RAZORPAY"
    CUSTOM_API = "CUSTOM_API"
    GOOGLE_SHEET = "GOOGLE_SHEET"
    HOUSING = "HOUSING"
    EXCEL_BULK_EDIT = "EXCEL_BULK_EDIT"
    TRADE_INDIA_ACTION = "TRADE_INDIA_ACTION"
    FACEBOOK = "FACEBOOK"
    MAGIC_BRICKS_ACTION = "MAGIC_BRICKS_ACTION"
    NINETY_NINE_ACRES_ACTION = "NINETY_NINE_ACRES_ACTION"
    SHOPIFY = "SHOPIFY"
    JUSTDIAL = "JUSTDIAL"
    SULEKHA = "SULEKHA"

    @classmethod
    def groups(cls) -> Mapping[str, tuple[ActionType, ...]]:
        """The types by group, in the docs' order: group name → types in that group."""
        return _ACTION_TYPE_GROUPS


_ACTION_TYPE_GROUPS: Final[Mapping[str, tuple[ActionType, ...]]] = MappingProxyType(
    {
        "Custom & payment": (ActionType.PAYMENT,),
        "Calls": (
            ActionType.INCOMING_CALL,
            ActionType.OUTGOING_CALL,
            ActionType.MISSED_CALL,
            ActionType.CALL_ACTION,
            ActionType.MAQSAM_INCOMING_CALL,
            ActionType.MAQSAM_OUTGOING_CALL,
            ActionType.IVR_INCOMING_CALL,
            ActionType.IVR_OUTGOING_CALL,
            ActionType.MCUBE_INCOMING_CALL,
            ActionType.MCUBE_OUTGOING_CALL,
            ActionType.KNOWLARITY_INCOMING_CALL,
            ActionType.KNOWLARITY_OUTGOING_CALL,
            ActionType.CALLER_DESK_INCOMING_CALL,
            ActionType.CALLER_DESK_OUTGOING_CALL,
        ),
        "Messages": (
            ActionType.INCOMING_WHATSAPP_MSG,
            ActionType.OUTGOING_WHATSAPP_MSG,
            ActionType.WHATSAPP_ACTION,
            ActionType.OUTGOING_SMS,
            ActionType.OUTGOING_EMAIL,
        ),
        "Lead lifecycle": (ActionType.LEAD_ASSIGNMENT, ActionType.STATUS_CHANGE),
        "Tasks & reminders": (
            ActionType.TASK_CREATION_ACTION,
            ActionType.CALL_FOLLOWUP_COMPLETION_ACTION,
            ActionType.TODO_TASK_COMPLETION_ACTION,
            ActionType.GOOGLE_MEET_COMPLETION_ACTION,
        ),
        "Notes & system": (
            ActionType.USER_NOTE,
            ActionType.SYSTEM_NOTE,
            ActionType.LOCATION_CHECK_IN_ACTION,
            ActionType.SALES_FLOW_ACTION,
        ),
        "Other (spec only)": (
            ActionType.CALL_REMINDER_CREATION,
            ActionType.TIME_FOR_CALL,
            ActionType.DELAY_REMINDER_CREATION,
            ActionType.TIME_FOR_DELAY_COMPLETION,
            ActionType.MARKED_DONE,
            ActionType.FIELD_CHANGE,
            ActionType.ATTACHMENT,
            ActionType.CAMPAIGN_SKIPPED_ACTION,
            ActionType.UNSUPPORTED_ACTION,
            ActionType.LEAD_MERGE,
            ActionType.LEAD_ARCHIVE,
            ActionType.LEAD_RESTORE,
            ActionType.RESTORE_LEAD,
            ActionType.LEAD_OTP,
            ActionType.DELETE_LEAD,
            ActionType.LEAD_SPAM_ACTION,
            ActionType.AUTO_UPDATE_LEAD_ACTION,
            ActionType.RAZORPAY,
            ActionType.CUSTOM_API,
            ActionType.GOOGLE_SHEET,
            ActionType.HOUSING,
            ActionType.EXCEL_BULK_EDIT,
            ActionType.TRADE_INDIA_ACTION,
            ActionType.FACEBOOK,
            ActionType.MAGIC_BRICKS_ACTION,
            ActionType.NINETY_NINE_ACRES_ACTION,
            ActionType.SHOPIFY,
            ActionType.JUSTDIAL,
            ActionType.SULEKHA,
        ),
    }
)


class Currency(enum.StrEnum):
    """Currencies a payment can be recorded in."""

    INR = "INR"
    USD = "USD"
    PKR = "PKR"
    AED = "AED"
    QAR = "QAR"
    SAR = "SAR"
    MYR = "MYR"
    AUD = "AUD"
    CAD = "CAD"
    SGD = "SGD"
    XOF = "XOF"


class PaymentStatus(enum.StrEnum):
    """States of a payment. There is no ``PAID``: a settled payment is ``COMPLETED``."""

    PENDING = "PENDING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    REFUNDED = "REFUNDED"
    CANCELLED = "CANCELLED"
    PROCESSING = "PROCESSING"
