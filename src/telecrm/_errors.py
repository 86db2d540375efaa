"""Every exception the SDK raises, and the one place where an HTTP error response becomes an exception.

Catch ``TelecrmError`` for everything; ``ValidationError`` means nothing was sent; ``APIStatusError`` and its
subclasses mean the server answered with an error status. Exception text never contains a token: requests are
described by method and URL path only, and request headers are never kept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

import attrs
import httpx

from ._retry import retry_after_seconds

if TYPE_CHECKING:
    from ._results import ActionBatchResult, IngestReport, LeadCreateResult

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ActionNotFoundError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ErrorDetail",
    "IngestStoppedError",
    "InternalServerError",
    "InvalidLeadBadRequestError",
    "InvalidLeadError",
    "InvalidLeadPermissionDeniedError",
    "JournalError",
    "LeadAlreadyExistsError",
    "LeadNotFoundError",
    "LicenseLimitError",
    "NotFoundError",
    "PartialSuccessError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "TeamMemberNotFoundError",
    "TelecrmError",
    "ValidationError",
    "connection_error_from_exception",
    "status_error_from_response",
]

_SNIPPET_CHARS: Final = 200
_BODY_DISPLAY_CHARS: Final = 2048


class TelecrmError(Exception):
    """Base class of every exception the SDK raises."""

    def __reduce__(self) -> tuple[object, ...]:
        # The default, cls(*self.args), cannot replay keyword-only arguments; without this, an error raised in
        # a worker process could not be sent back to its parent.
        return _restore, (type(self), self.args, self.__dict__)


def _restore(cls: type[TelecrmError], args: tuple[object, ...], state: dict[str, object]) -> TelecrmError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class ValidationError(TelecrmError, ValueError):
    """An argument was refused on the client side; nothing was sent to Telecrm."""


class APIConnectionError(TelecrmError):
    """No response arrived: the connection failed, broke, or the server closed it without answering.

    ``request_method`` and ``request_url`` describe the request (the URL never carries credentials).
    """

    def __init__(self, message: str, *, request_method: str = "", request_url: str = "") -> None:
        self.message = message
        self.request_method = request_method
        self.request_url = request_url
        super().__init__(_with_location(message, request_method, request_url))


class APITimeoutError(APIConnectionError):
    """The request did not complete within its timeout."""


class APIResponseValidationError(TelecrmError):
    """A response body could not be decoded: an HTML page, truncated JSON, or JSON of an unexpected shape.

    ``body`` is the text of the body, cut to about 2 KB so that it can be shown.
    """

    def __init__(self, message: str, *, status_code: int, body: bytes | str) -> None:
        text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
        if len(text) > _BODY_DISPLAY_CHARS:
            text = f"{text[:_BODY_DISPLAY_CHARS]}… [{len(text) - _BODY_DISPLAY_CHARS} more characters]"
        self.message = message
        self.status_code = status_code
        self.body = text
        super().__init__(f"{message} (HTTP {status_code})")


@attrs.frozen
class ErrorDetail:
    """One entry of an error's ``details``: which request ``field`` was wrong (if the API said) and why."""

    field: str | None
    message: str


class APIStatusError(TelecrmError):
    """The API answered with an error status (4xx or 5xx).

    ``code`` is the API's ``error.code`` (``None`` when the body had none, e.g. an HTML error page from a
    proxy); ``message`` is ``error.message``, or a whitespace-collapsed excerpt of the body when there was
    none. Branch on the exception class or ``code``, never on ``message``: the API words the same condition
    several ways. ``body`` is the raw body and ``headers`` the response headers.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str | None = None,
        details: Sequence[ErrorDetail] = (),
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        request_method: str = "",
        request_url: str = "",
    ) -> None:
        self.message = message
        self.status_code = status_code
        self.code = code
        self.details = tuple(details)
        self.body = body
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.request_method = request_method
        self.request_url = request_url
        super().__init__(_with_location(self._summary(), request_method, request_url))

    def _summary(self) -> str:
        if self.code is not None:
            head = f"{self.status_code} {self.code}"
        else:
            # Not http.HTTPStatus: it raises for codes such as 499 that are not registered with IANA.
            head = f"HTTP {self.status_code} {httpx.codes.get_reason_phrase(self.status_code)}".rstrip()
        summary = f"{head}: {self.message}"
        if self.details:
            listed = "; ".join(f"{d.field}: {d.message}" if d.field else d.message for d in self.details)
            summary = f"{summary} [{listed}]"
        return summary


class BadRequestError(APIStatusError):
    """400: the request was malformed or a value was refused."""


class AuthenticationError(APIStatusError):
    """401 NOT_AUTHORIZED: a bad, revoked or wrong-type token, or a wrong enterprise ID (not told apart)."""


class PaymentRequiredError(APIStatusError):
    """402: the workspace's plan does not allow this."""


class PermissionDeniedError(APIStatusError):
    """403: the token may not do this."""


class NotFoundError(APIStatusError):
    """404: the addressed lead, action, team member, field or workspace does not exist."""


class ConflictError(APIStatusError):
    """409: the request conflicts with existing data."""


class RateLimitError(APIStatusError):
    """429: too many requests. ``retry_after`` is the server's requested wait in seconds, if it sent one."""

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait (``retry-after-ms`` or ``Retry-After``); ``None`` if not said."""
        return retry_after_seconds(self.headers)


class InternalServerError(APIStatusError):
    """5xx: the server (or a proxy in front of it) failed."""


class LeadNotFoundError(NotFoundError):
    """404 LEAD_NOT_FOUND."""


class ActionNotFoundError(NotFoundError):
    """404 ACTION_NOT_FOUND."""


class TeamMemberNotFoundError(NotFoundError):
    """404 TEAM_MEMBER_NOT_FOUND (also the spec's spelling TEAM_MEMEBER_NOT_FOUND).

    A deleted member is not found unless the lookup includes deleted members.
    """


class LeadAlreadyExistsError(ConflictError):
    """409 LEAD_ALREADY_EXISTS: a lead with the same identifier exists; update it by ID instead."""


class LicenseLimitError(PaymentRequiredError):
    """402 BUY_LICENSE: no free seat for a new team member (inactive members still take one)."""


class InvalidLeadError(APIStatusError):
    """INVALID_LEAD: the lead identifier is missing (on create, 400) or would change (on update, 403).

    What is raised is also the status class: ``InvalidLeadBadRequestError`` (a ``BadRequestError``) or
    ``InvalidLeadPermissionDeniedError`` (a ``PermissionDeniedError``), so either ``except`` catches it.
    """


class InvalidLeadBadRequestError(InvalidLeadError, BadRequestError):
    """400 INVALID_LEAD: the create request lacks the workspace's lead-identifier field."""


class InvalidLeadPermissionDeniedError(InvalidLeadError, PermissionDeniedError):
    """403 INVALID_LEAD: an update tried to change the lead-identifier field, which never changes."""


class PartialSuccessError(TelecrmError):
    """A write succeeded only in part: some actions were ignored, or the API remarked on fields or actions.

    ``result`` is the full ``LeadCreateResult`` or ``ActionBatchResult``; what was created stays created.
    """

    def __init__(self, message: str, *, result: LeadCreateResult | ActionBatchResult) -> None:
        self.result = result
        super().__init__(message)


class IngestStoppedError(TelecrmError):
    """A bulk ingestion (``ingest.upsert_many``) stopped before it settled every record.

    ``report`` is the :class:`~telecrm.IngestReport` of the records read so far: a record settled before the
    stop keeps its outcome; any other is ``failed`` with the reason for the stop, and ``possibly_delivered``
    if a request carrying it was on the wire. The cause (``on_progress`` or the records iterable raised) is
    chained as ``__cause__``. With a journal, running again with the same journal resumes the ingestion.
    """

    def __init__(self, message: str, *, report: IngestReport | None = None) -> None:
        self.report = report
        super().__init__(message)


class JournalError(IngestStoppedError):
    """The ingestion journal at ``path`` cannot be used: it cannot be created, opened or written (permissions,
    a full disk), it is damaged or belongs to another ingestion, or another run holds it. The message says
    which, and what to do. Raised before anything is sent when the journal cannot be opened (``report`` is
    then empty), or during a run, which stops: every state written before holds, so the journal can resume.
    """

    def __init__(self, message: str, *, path: str, report: IngestReport | None = None) -> None:
        self.path = path
        super().__init__(message, report=report)


_STATUS_ERRORS: Final[Mapping[int, type[APIStatusError]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}

# Keyed by status as well as code: a code only maps to its class when the status agrees, so every exception
# is an instance of the class its status maps to.
_CODE_ERRORS: Final[Mapping[tuple[int, str], type[APIStatusError]]] = {
    (400, "INVALID_LEAD"): InvalidLeadBadRequestError,
    (402, "BUY_LICENSE"): LicenseLimitError,
    (403, "INVALID_LEAD"): InvalidLeadPermissionDeniedError,
    (404, "LEAD_NOT_FOUND"): LeadNotFoundError,
    (404, "ACTION_NOT_FOUND"): ActionNotFoundError,
    (404, "TEAM_MEMBER_NOT_FOUND"): TeamMemberNotFoundError,
    (404, "TEAM_MEMEBER_NOT_FOUND"): TeamMemberNotFoundError,
    (409, "LEAD_ALREADY_EXISTS"): LeadAlreadyExistsError,
}


def _error_class(status_code: int, code: str | None) -> type[APIStatusError]:
    if code is not None and (status_code, code) in _CODE_ERRORS:
        return _CODE_ERRORS[status_code, code]
    if 500 <= status_code <= 599:
        return InternalServerError
    return _STATUS_ERRORS.get(status_code, APIStatusError)


def status_error_from_response(response: httpx.Response) -> APIStatusError:
    """The exception for an error response, whatever its body holds. The body must have been read.

    A JSON body ``{"error": {"code", "message", "details"?}}`` fills ``code``, ``message`` and ``details``;
    any other body (HTML, empty, truncated or differently shaped JSON) still gives the class for the status,
    with ``code=None`` and an excerpt of the body as ``message``.
    """
    body = response.content
    error = _error_object(body)
    code, message = _text(error.get("code")), _text(error.get("message"))
    method, url = _request_of(response)
    return _error_class(response.status_code, code)(
        message or _snippet(body),
        status_code=response.status_code,
        code=code,
        details=_details(error.get("details")),
        body=body,
        headers=response.headers,
        request_method=method,
        request_url=url,
    )


def connection_error_from_exception(exc: httpx.TransportError) -> APIConnectionError:
    """The exception for a request that got no response: ``APITimeoutError`` for timeouts."""
    method, url = _request_of(exc)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(
            f"Request timed out ({type(exc).__name__})", request_method=method, request_url=url
        )
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return APIConnectionError(f"Connection error ({detail})", request_method=method, request_url=url)


def _error_object(body: bytes) -> Mapping[str, object]:
    try:
        decoded = json.loads(body)
    except (ValueError, RecursionError):  # ValueError covers JSONDecodeError and UnicodeDecodeError
        return {}
    error = decoded.get("error") if isinstance(decoded, dict) else None
    return error if isinstance(error, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _details(value: object) -> tuple[ErrorDetail, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(_detail(item) for item in value)


def _detail(item: object) -> ErrorDetail:
    if not isinstance(item, dict):
        return ErrorDetail(field=None, message=str(item))
    field, message = item.get("field"), item.get("message")
    return ErrorDetail(
        field=field if isinstance(field, str) else None,
        message=message if isinstance(message, str) else "",
    )


def _snippet(body: bytes) -> str:
    # Decode only a prefix: error pages can be large and only the first words are shown.
    text = " ".join(body[: _SNIPPET_CHARS * 8].decode("utf-8", errors="replace").split())
    if not text:
        return "(empty body)"
    return text if len(text) <= _SNIPPET_CHARS else f"{text[:_SNIPPET_CHARS]}…"


def _request_of(source: httpx.Response | httpx.TransportError) -> tuple[str, str]:
    try:
        request = source.request
    except RuntimeError:  # a response or exception built without a request, e.g. in a test double
        return "", ""
    url = request.url
    if url.userinfo:
        url = url.copy_with(username=None, password=None)
    return request.method, str(url)


def _with_location(text: str, method: str, url: str) -> str:
    if not method:
        return text
    return f"{text} ({method} {httpx.URL(url).path})"
