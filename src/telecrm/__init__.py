"""Python SDK for the Telecrm public API.

>>> from telecrm import Telecrm, CustomAction, Payment
>>> client = Telecrm()  # TELECRM_ENTERPRISE_ID, TELECRM_SYNC_TOKEN, TELECRM_ASYNC_TOKEN
>>> result = client.leads.create(
...     {"name": "Jane Doe", "phone": "919999999999"},
...     actions=[CustomAction(1001, {"note": "Site visit"}), Payment("5000", "INR", "PENDING")],
... )
>>> result.raise_for_ignored()

Requests are built and answers decoded by this layer (one JSON parse per answer); the generated package
``telecrm_api`` is the source of truth for their shapes, held to it by the test suite, and is not imported at
run time.
"""

from ._actions import CustomAction, Payment, TimelineEntry
from ._bulk.options import UpsertManyOptions
from ._bulk.schema import SchemaField, WorkspaceSchema
from ._client import AsyncTelecrm, Telecrm
from ._errors import (
    ActionNotCreatedError,
    ActionNotFoundError,
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConflictError,
    ErrorDetail,
    IngestStoppedError,
    InternalServerError,
    InvalidLeadBadRequestError,
    InvalidLeadError,
    InvalidLeadPermissionDeniedError,
    JournalError,
    LeadAlreadyExistsError,
    LeadNotFoundError,
    LicenseLimitError,
    NotFoundError,
    PartialSuccessError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    RateLimiterUnavailableError,
    TeamMemberNotFoundError,
    TelecrmError,
    ValidationError,
)
from ._limiter import LocalRateLimiter, RateLimiter, Slot
from ._models import (
    CustomActionDefinition,
    CustomField,
    EnterpriseMetadata,
    Lead,
    LeadStage,
    LeadStatus,
    LostReason,
    Pipeline,
    Queued,
    TeamMember,
    TeamMemberLicense,
    TeamMemberState,
)
from ._pagination import AsyncPager, Page, Pager
from ._phones import normalize_phone
from ._presentation import present_as
from ._raw_response import RawResponse
from ._redis_limiter import RedisRateLimiter
from ._requests import RequestOptions
from ._results import (
    ActionBatchResult,
    ActionOutcome,
    IngestOutcome,
    IngestProgress,
    IngestReport,
    LeadCreateResult,
    Remark,
    Rewrite,
)
from ._version import __version__
from ._vocabulary import ActionType, Currency, PaymentStatus

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ActionBatchResult",
    "ActionNotCreatedError",
    "ActionNotFoundError",
    "ActionOutcome",
    "ActionType",
    "AsyncPager",
    "AsyncTelecrm",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "Currency",
    "CustomAction",
    "CustomActionDefinition",
    "CustomField",
    "EnterpriseMetadata",
    "ErrorDetail",
    "IngestOutcome",
    "IngestProgress",
    "IngestReport",
    "IngestStoppedError",
    "InternalServerError",
    "InvalidLeadBadRequestError",
    "InvalidLeadError",
    "InvalidLeadPermissionDeniedError",
    "JournalError",
    "Lead",
    "LeadAlreadyExistsError",
    "LeadCreateResult",
    "LeadNotFoundError",
    "LeadStage",
    "LeadStatus",
    "LicenseLimitError",
    "LocalRateLimiter",
    "LostReason",
    "NotFoundError",
    "Page",
    "Pager",
    "PartialSuccessError",
    "Payment",
    "PaymentRequiredError",
    "PaymentStatus",
    "PermissionDeniedError",
    "Pipeline",
    "Queued",
    "RateLimitError",
    "RateLimiter",
    "RateLimiterUnavailableError",
    "RawResponse",
    "RedisRateLimiter",
    "Remark",
    "RequestOptions",
    "Rewrite",
    "SchemaField",
    "Slot",
    "TeamMember",
    "TeamMemberLicense",
    "TeamMemberNotFoundError",
    "TeamMemberState",
    "Telecrm",
    "TelecrmError",
    "TimelineEntry",
    "UpsertManyOptions",
    "ValidationError",
    "WorkspaceSchema",
    "__version__",
    "normalize_phone",
]

# Public names present as `telecrm.X` (in tracebacks, reprs and pickles), not as the private module that
# defines them, as httpx does: `telecrm.ValidationError`, not `telecrm._errors.ValidationError`.
present_as(__name__, globals(), (name for name in __all__ if not name.startswith("__")))
del present_as
