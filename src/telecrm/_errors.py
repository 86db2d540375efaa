"""Every exception the SDK raises, and the one place where an HTTP error response becomes an exception.

Catch ``TelecrmError`` for everything; ``ValidationError`` means nothing was sent; ``APIStatusError`` and its
subclasses mean the server answered with an error status. Exception text never contains a token: requests are
described by method and URL path only, and request headers are never kept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

import httpx

from ._retry import provably_not_processed, retry_after_seconds
from ._value import Value, value

if TYPE_CHECKING:
    from ._results import ActionBatchResult, ActionOutcome, IngestReport, LeadCreateResult

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ActionNotCreatedError",
    "ActionNotFoundError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
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
    "RateLimiterUnavailableError",
    "TeamMemberNotFoundError",
    "TelecrmError",
    "ValidationError",
    "connection_error_from_exception",
    "request_id_of",
    "status_error_from_response",
]

_REQUEST_ID_HEADERS: Final = ("x-request-id", "request-id")
_SNIPPET_CHARS: Final = 200
_BODY_DISPLAY_CHARS: Final = 2048


class TelecrmError(Exception):
    """Base class of every exception the SDK raises."""

    def __reduce__(self) -> tuple[object, ...]:
        # The default, cls(*self.args), cannot replay keyword-only arguments; without this, an error raised in
        # a worker process could not be sent back to its parent. The live httpx.Response stays behind.
        state = {name: value for name, value in self.__dict__.items() if name != "response"}
        if "response" in self.__dict__:
            state["response"] = None
        return _restore, (type(self), self.args, state)


def _restore(cls: type[TelecrmError], args: tuple[object, ...], state: dict[str, object]) -> TelecrmError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class ValidationError(TelecrmError, ValueError):
    """An argument was refused on the client side; nothing was sent to Telecrm."""


class ClientClosedError(TelecrmError):
    """The client was used after :meth:`~telecrm.Telecrm.close` (or closed while this call was in flight).
    Build a new client, or keep the one you have open until every call has returned."""


class APIError(TelecrmError):
    """A request was sent (or attempted) and did not succeed: the base of connection, status and response
    errors.

    ``may_have_been_processed`` says whether the server may have acted on the request anyway: ``False`` when
    it provably did not (no connection was made, a 429, or a 4xx refusal), ``True`` otherwise (a timeout or a
    dropped connection after sending, a 5xx or 408, an unreadable answer to a request it accepted). After a
    failed create with ``True``, look the lead or action up before creating it again.
    """

    may_have_been_processed: bool = True


class APIConnectionError(APIError):
    """No response arrived: the connection failed, broke, or the server closed it without answering.

    ``request_method`` and ``request_url`` describe the request (the URL never carries credentials).
    """

    def __init__(self, message: str, *, request_method: str = "", request_url: str = "") -> None:
        self.message: str = message
        self.request_method: str = request_method
        self.request_url: str = request_url
        super().__init__(_with_location(message, request_method, request_url))


class APITimeoutError(APIConnectionError):
    """The request did not complete within its timeout."""


class APIResponseValidationError(APIError):
    """A response could not be used: an HTML page, truncated or too deeply nested JSON, JSON of an unexpected
    shape, a body that is not what its ``Content-Encoding`` says, or one larger than the client's
    ``max_response_bytes``.

    ``body`` is the text of the body, cut to about 2 KB so that it can be shown.
    """

    def __init__(self, message: str, *, status_code: int, body: bytes | str) -> None:
        text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
        if len(text) > _BODY_DISPLAY_CHARS:
            text = f"{text[:_BODY_DISPLAY_CHARS]}… [{len(text) - _BODY_DISPLAY_CHARS} more characters]"
        self.message: str = message
        self.status_code: int = status_code
        self.body: str = text
        super().__init__(f"{message} (HTTP {status_code})")


@value
class ErrorDetail(Value):
    """One entry of an error's ``details``: which request ``field`` was wrong (if the API said) and why."""

    field: str | None
    message: str


class APIStatusError(APIError):
    """The API answered with an error status (4xx or 5xx).

    ``code`` is the API's ``error.code`` (``None`` when the body had none, e.g. an HTML error page from a
    proxy); ``message`` is ``error.message``, or a whitespace-collapsed excerpt of the body when there was
    none. Branch on the exception class or ``code``, never on ``message``: the API words the same condition
    several ways. ``body`` is the raw body, ``headers`` the response headers, ``response`` the
    ``httpx.Response`` itself (``None`` once the error has been pickled) and ``request_id`` the server's
    ``X-Request-Id`` when it sent one (quote it when you contact support).
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
        response: httpx.Response | None = None,
    ) -> None:
        self.message: str = message
        self.response: httpx.Response | None = response
        self.status_code: int = status_code
        self.code: str | None = code
        self.details: tuple[ErrorDetail, ...] = tuple(details)
        self.body: bytes = body
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.request_method: str = request_method
        self.request_url: str = request_url
        super().__init__(_with_location(self._summary(), request_method, request_url))

    @property
    def request_id(self) -> str | None:
        """The server's id for the request (``X-Request-Id`` or ``Request-Id``), if it sent one."""
        return request_id_of(self.headers)

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


class ActionNotCreatedError(TelecrmError, LookupError):
    """``outcome.action_id`` was read for an action that was not created (ignored, or not reported by the
    server). ``outcome`` is the :class:`~telecrm.ActionOutcome`; its ``remarks`` say why."""

    def __init__(self, message: str, *, outcome: ActionOutcome) -> None:
        self.outcome: ActionOutcome = outcome
        super().__init__(message)


class PartialSuccessError(TelecrmError):
    """A write succeeded only in part: some actions were ignored, or the API remarked on fields or actions.

    ``result`` is the full ``LeadCreateResult`` or ``ActionBatchResult``; what was created stays created.
    """

    def __init__(self, message: str, *, result: LeadCreateResult | ActionBatchResult) -> None:
        self.result: LeadCreateResult | ActionBatchResult = result
        super().__init__(message)


class IngestStoppedError(TelecrmError):
    """A bulk ingestion (``ingest.upsert_many``) stopped before it settled every record.

    ``report`` is the :class:`~telecrm.IngestReport` of the records read so far: a record settled before the
    stop keeps its outcome; any other is ``failed`` with the reason for the stop, and ``possibly_delivered``
    if a request carrying it was on the wire. The cause (``on_progress`` or the records iterable raised) is
    chained as ``__cause__``. With a journal, running again with the same journal resumes the ingestion.
    """

    def __init__(self, message: str, *, report: IngestReport | None = None) -> None:
        self.report: IngestReport | None = report
        super().__init__(message)


class JournalError(IngestStoppedError):
    """The ingestion journal at ``path`` cannot be used: it cannot be created, opened or written (permissions,
    a full disk), it is damaged or belongs to another ingestion, or another run holds it. The message says
    which, and what to do. Raised before anything is sent when the journal cannot be opened (``report`` is
    then empty), or during a run, which stops: every state written before holds, so the journal can resume.
    """

    def __init__(self, message: str, *, path: str, report: IngestReport | None = None) -> None:
        self.path: str = path
        super().__init__(message, report=report)


class RateLimiterUnavailableError(TelecrmError):
    """The rate limiter could not book a send slot in time (its store, such as Redis, was unreachable or too
    slow for ``deadline`` seconds): nothing was sent. ``ingest.upsert`` raises it; ``upsert_many`` stops
    with an :class:`IngestStoppedError` caused by it, its unsent records left for a resumed run."""


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
    fields = _error_object(body)
    code, message = _text(fields.get("code")), _text(fields.get("message"))
    method, url = _request_of(response)
    error = _error_class(response.status_code, code)(
        message or _snippet(body),
        status_code=response.status_code,
        code=code,
        details=_details(fields.get("details")),
        body=body,
        headers=response.headers,
        request_method=method,
        request_url=url,
        response=response,
    )
    # A 4xx other than 408 is a refusal: nothing was done. A 408 or 5xx may come after the work was done.
    error.may_have_been_processed = not (400 <= response.status_code < 500 and response.status_code != 408)
    return error


def connection_error_from_exception(exc: httpx.TransportError) -> APIConnectionError:
    """The exception for a request that got no response: ``APITimeoutError`` for timeouts."""
    method, url = _request_of(exc)
    error: APIConnectionError
    if isinstance(exc, httpx.TimeoutException):
        error = APITimeoutError(
            f"Request timed out ({type(exc).__name__})", request_method=method, request_url=url
        )
    else:
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        error = APIConnectionError(f"Connection error ({detail})", request_method=method, request_url=url)
    error.may_have_been_processed = not provably_not_processed(error=exc)
    return error


def _error_object(body: bytes) -> Mapping[str, object]:
    try:
        decoded = json.loads(body)
    except (ValueError, RecursionError):  # ValueError covers JSONDecodeError and UnicodeDecodeError
        return {}
    error = decoded.get("error") if isinstance(decoded, dict) else None
    return error if isinstance(error, dict) else {}


def request_id_of(headers: Mapping[str, str]) -> str | None:
    """The server's id for a request, from its response headers (``X-Request-Id`` or ``Request-Id``)."""
    for name in _REQUEST_ID_HEADERS:
        value = _header(headers, name)
        if value:
            return value
    return None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = (
        headers.get(name)
        if isinstance(headers, httpx.Headers)
        else next((value for key, value in headers.items() if key.lower() == name), None)
    )
    return value if isinstance(value, str) else None


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
