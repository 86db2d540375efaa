"""Every closed vocabulary and fixed number the fake Telecrm knows, in one place.

These are the fake's own copies, taken from the API reference (telecrm-api.md), never imported from the
client: a rule shared by client and fake would let the end-to-end tests pass when both are wrong. A drift test
may compare them with the client's. This module imports nothing beyond the standard library, so it can be
read without the `testing` extra.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

# -- actions (section 7) -----------------------------------------------------------------------------------

PAYMENT_ACTION_TYPE: Final = "PAYMENT"
"""The one predefined action type the API can write."""
CUSTOM_ACTION_PREFIX: Final = "ACTION_"
"""Async payloads and the custom-action lookup path say `ACTION_<code>`; Sync payloads say `<code>`."""

# Timeline entries Telecrm records by itself: searchable, never writable or readable by GET. The groups of the
# Action Types page, then the values only the vendor's SearchLeadAction enum has.
CALL_ACTION_TYPES: Final = (
    "INCOMING_CALL",
    "OUTGOING_CALL",
    "MISSED_CALL",
    "CALL_ACTION",
    "MAQSAM_INCOMING_CALL",
    "MAQSAM_OUTGOING_CALL",
    "IVR_INCOMING_CALL",
    "IVR_OUTGOING_CALL",
    "MCUBE_INCOMING_CALL",
    "MCUBE_OUTGOING_CALL",
    "KNOWLARITY_INCOMING_CALL",
    "KNOWLARITY_OUTGOING_CALL",
    "CALLER_DESK_INCOMING_CALL",
    "CALLER_DESK_OUTGOING_CALL",
)
MESSAGE_ACTION_TYPES: Final = (
    "INCOMING_WHATSAPP_MSG",
    "OUTGOING_WHATSAPP_MSG",
    "WHATSAPP_ACTION",
    "OUTGOING_SMS",
    "OUTGOING_EMAIL",
)
LIFECYCLE_ACTION_TYPES: Final = ("LEAD_ASSIGNMENT", "STATUS_CHANGE")
TASK_ACTION_TYPES: Final = (
    "TASK_CREATION_ACTION",
    "CALL_FOLLOWUP_COMPLETION_ACTION",
    "TODO_TASK_COMPLETION_ACTION",
    "GOOGLE_MEET_COMPLETION_ACTION",
)
NOTE_ACTION_TYPES: Final = ("USER_NOTE", "SYSTEM_NOTE", "LOCATION_CHECK_IN_ACTION", "SALES_FLOW_ACTION")
SPEC_ONLY_ACTION_TYPES: Final = (
    "CALL_REMINDER_CREATION",
    "TIME_FOR_CALL",
    "DELAY_REMINDER_CREATION",
    "TIME_FOR_DELAY_COMPLETION",
    "MARKED_DONE",
    "FIELD_CHANGE",
    "ATTACHMENT",
    "CAMPAIGN_SKIPPED_ACTION",
    "UNSUPPORTED_ACTION",
    "LEAD_MERGE",
    "LEAD_ARCHIVE",
    "LEAD_RESTORE",
    "RESTORE_LEAD",
    "LEAD_OTP",
    "DELETE_LEAD",
    "LEAD_SPAM_ACTION",
    "AUTO_UPDATE_LEAD_ACTION",
    "RAZORPAY",
    "CUSTOM_API",
    "GOOGLE_SHEET",
    "HOUSING",
    "EXCEL_BULK_EDIT",
    "TRADE_INDIA_ACTION",
    "FACEBOOK",
    "MAGIC_BRICKS_ACTION",
    "NINETY_NINE_ACRES_ACTION",
    "SHOPIFY",
    "JUSTDIAL",
    "SULEKHA",
)
"""Built-in types only the vendor spec's `SearchLeadAction.type` enum has, not the Action Types page."""
BUILT_IN_ACTION_TYPES: Final = frozenset(
    (
        *CALL_ACTION_TYPES,
        *MESSAGE_ACTION_TYPES,
        *LIFECYCLE_ACTION_TYPES,
        *TASK_ACTION_TYPES,
        *NOTE_ACTION_TYPES,
        *SPEC_ONLY_ACTION_TYPES,
    )
)
"""Every built-in (timeline-only) action type the fake knows; PAYMENT and custom codes are not among them."""

PAYMENT_STATUSES: Final = ("PENDING", "COMPLETED", "FAILED", "REFUNDED", "CANCELLED", "PROCESSING")
PAYMENT_CURRENCIES: Final = ("INR", "USD", "PKR", "AED", "QAR", "SAR", "MYR", "AUD", "CAD", "SGD", "XOF")
ACTION_OUTCOMES: Final = ("CREATED", "IGNORED")
"""Per-action `status` in create answers."""
REMARK_STATUS: Final = "IGNORED"
"""The only remark status the fake writes (the spec's enum also has WARNING and ERROR)."""

# -- team members (section 5.3) ----------------------------------------------------------------------------

Role = Literal["ADMIN", "MANAGER", "CALLER", "MARKETING_USER"]
MemberStatus = Literal["Active", "Inactive", "On Leave", "Working", "Invited", "Deleted"]
ROLES: Final = tuple(get_args(Role))
MEMBER_STATUSES: Final = tuple(get_args(MemberStatus))
"""Every status a team member can have."""
MEMBER_STATES: Final = ("Active", "Inactive", "On Leave", "Working")
"""The states `POST /teammember/state_change` accepts."""

# -- lead fields (section 6) -------------------------------------------------------------------------------

FieldType = Literal[
    "TEXT",
    "NUMBER",
    "EMAIL",
    "PHONE",
    "DATE",
    "DROPDOWN",
    "TAGS",
    "MONEY",
    "WEBSITE",
    "UNIQUE",
    "RATING",
    "STATUS",
    "LOST_REASON",
    "ACTIVE_USERS",
    "MEDIALINK",
]
FIELD_TYPES: Final = frozenset(get_args(FieldType))
LISTED_FIELD_TYPES: Final = frozenset(
    {"TEXT", "NUMBER", "EMAIL", "PHONE", "DATE", "DROPDOWN", "TAGS", "MONEY", "WEBSITE", "UNIQUE"}
)
"""The types `GET /custom-fields` reports: the vendor's `CustomFieldDetailed.type` enum. Rating, status, lost
reason and assignee are standard fields whose values come from the pipeline and the team: not listed there."""
IDENTIFIER_TYPES: Final = frozenset({"PHONE", "EMAIL", "TEXT", "UNIQUE"})
"""Types a workspace may choose as its lead identifier (phone, email or text)."""
STANDARD_FIELDS: Final[tuple[tuple[str, FieldType], ...]] = (
    ("name", "TEXT"),
    ("phone", "PHONE"),
    ("email", "EMAIL"),
    ("rating", "RATING"),
    ("status", "STATUS"),
    ("assignee", "ACTIVE_USERS"),
    ("lostReason", "LOST_REASON"),
)
"""Lead fields every workspace has, with their types."""
LABEL_MAX_CHARS: Final = 40
"""Longest dropdown option or tag."""
MAX_FIELD_OPTIONS: Final = 1000
"""Most options a dropdown field (tags a tags field) holds; unknown labels create new ones up to this."""
RATING_RANGE: Final = (1, 5)
DATE_FORMAT: Final = "DD/MM/YYYY"
"""The workspace's date format (`dateFormat` of date fields)."""
TIME_FORMATS: Final = ("HH:mm:ss", "HH:mm")
"""Time formats a workspace may have (its `time_format` key; `timeFormat` of date fields). The docs' example
is `HH:mm`; the default workspace says `HH:mm:ss`."""
DATE_TIME_FORMAT: Final = "DD/MM/YYYY HH:mm:ss"
"""The form of every date the fake answers, and of `CreatedOnField`. Writes take epoch ms, `DD/MM/YYYY`,
`DD/MM/YYYY HH:mm` or `DD/MM/YYYY HH:mm:ss`."""

# -- paging, tokens, rate (sections 2-5) -------------------------------------------------------------------

DEFAULT_PAGE_SIZE: Final = 10
LEAD_PAGE_LIMIT: Final = 100
"""Largest `limit` of lead search and of a lead's actions (`GET /lead/{id}?includeActions=true`)."""
ACTION_PAGE_LIMIT: Final = 100
"""Largest `limit` of action search."""
TEAM_MEMBER_PAGE_LIMIT: Final = 10
"""Largest `limit` of the team-member list."""
MAX_TOKENS_PER_KIND: Final = 3
"""Tokens a workspace may hold per type (Sync, Async)."""
DEFAULT_ASYNC_RATE_LIMIT: Final = 18_000
"""Async requests per token per `DEFAULT_RATE_WINDOW` (the documented 18,000 an hour)."""
DEFAULT_RATE_WINDOW: Final = 3600.0
"""Seconds of the Async rate limit's sliding window."""
DEFAULT_LOG_LIMIT: Final = 10_000
"""Entries the fake's request and ingest logs keep by default: the newest (a `FakeTelecrm` option)."""
