"""Exceptions: the hierarchy, and how error responses and transport failures become exceptions."""

from __future__ import annotations

import json
import pickle

import httpx
import pytest

from telecrm import CustomAction
from telecrm._errors import (
    ActionNotFoundError,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorDetail,
    InternalServerError,
    InvalidLeadError,
    LeadAlreadyExistsError,
    LeadNotFoundError,
    LicenseLimitError,
    NotFoundError,
    PartialSuccessError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    TeamMemberNotFoundError,
    TelecrmError,
    ValidationError,
    connection_error_from_exception,
    status_error_from_response,
)
from telecrm._results import lead_create_result

URL = "https://next.telecrm.in/autoupdate/v2/enterprise/e1/lead/x"
TOKEN = "sync-secret:0123456789"


def response(
    status: int,
    content: bytes | str = b"",
    *,
    headers: dict[str, str] | None = None,
    method: str = "POST",
    url: str = URL,
) -> httpx.Response:
    request = httpx.Request(method, url, headers={"Authorization": f"Bearer {TOKEN}"})
    return httpx.Response(status, content=content, headers=headers, request=request)


def api_error(status: int, code: str, message: str, **extra: object) -> httpx.Response:
    return response(status, json.dumps({"error": {"code": code, "message": message, **extra}}))


# --- the hierarchy ----------------------------------------------------------------------------------------


def test_validation_error_is_a_telecrm_error_and_a_value_error() -> None:
    assert issubclass(ValidationError, TelecrmError)
    assert issubclass(ValidationError, ValueError)


def test_timeout_is_a_connection_error() -> None:
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIConnectionError, TelecrmError)


def test_response_validation_error_is_a_telecrm_error() -> None:
    assert issubclass(APIResponseValidationError, TelecrmError)


def test_partial_success_error_is_a_telecrm_error_but_not_a_value_error() -> None:
    assert issubclass(PartialSuccessError, TelecrmError)
    assert not issubclass(PartialSuccessError, ValueError)


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        (LeadNotFoundError, NotFoundError),
        (ActionNotFoundError, NotFoundError),
        (TeamMemberNotFoundError, NotFoundError),
        (LeadAlreadyExistsError, ConflictError),
        (LicenseLimitError, PaymentRequiredError),
        (NotFoundError, APIStatusError),
        (APIStatusError, TelecrmError),
    ],
)
def test_code_classes_are_subclasses_of_their_status_class(
    child: type[Exception], parent: type[Exception]
) -> None:
    assert issubclass(child, parent)


# --- status_error_from_response: status mapping -----------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (402, PaymentRequiredError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (520, InternalServerError),
        (599, InternalServerError),
        (405, APIStatusError),
        (418, APIStatusError),
        (499, APIStatusError),
        (600, APIStatusError),
    ],
)
def test_each_status_maps_to_its_class(status: int, cls: type[APIStatusError]) -> None:
    assert type(status_error_from_response(response(status, b"{}"))) is cls


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (404, "LEAD_NOT_FOUND", LeadNotFoundError),
        (404, "ACTION_NOT_FOUND", ActionNotFoundError),
        (404, "TEAM_MEMBER_NOT_FOUND", TeamMemberNotFoundError),
        (404, "TEAM_MEMEBER_NOT_FOUND", TeamMemberNotFoundError),
        (409, "LEAD_ALREADY_EXISTS", LeadAlreadyExistsError),
        (402, "BUY_LICENSE", LicenseLimitError),
    ],
)
def test_each_code_maps_to_its_class(status: int, code: str, cls: type[APIStatusError]) -> None:
    assert type(status_error_from_response(api_error(status, code, "m"))) is cls


def test_a_code_with_an_unexpected_status_maps_by_status_only() -> None:
    error = status_error_from_response(api_error(400, "LEAD_NOT_FOUND", "m"))
    assert type(error) is BadRequestError
    assert error.code == "LEAD_NOT_FOUND"


def test_an_unknown_code_maps_by_status() -> None:
    error = status_error_from_response(api_error(404, "ENTERPRISE_NOT_FOUND", "m"))
    assert type(error) is NotFoundError
    assert error.code == "ENTERPRISE_NOT_FOUND"


def test_invalid_lead_on_update_is_both_invalid_lead_and_permission_denied() -> None:
    error = status_error_from_response(api_error(403, "INVALID_LEAD", "Cannot modify lead identifier field"))
    assert isinstance(error, InvalidLeadError)
    assert isinstance(error, PermissionDeniedError)
    assert not isinstance(error, BadRequestError)


def test_invalid_lead_on_create_is_both_invalid_lead_and_bad_request() -> None:
    error = status_error_from_response(api_error(400, "INVALID_LEAD", "Lead identifier field name 'phone'…"))
    assert isinstance(error, InvalidLeadError)
    assert isinstance(error, BadRequestError)
    assert not isinstance(error, PermissionDeniedError)


# --- status_error_from_response: what the exception carries -----------------------------------------------


def test_an_api_error_carries_status_code_message_body_and_request() -> None:
    resp = api_error(404, "LEAD_NOT_FOUND", "Lead with ID x was not found.")
    error = status_error_from_response(resp)
    assert error.status_code == 404
    assert error.code == "LEAD_NOT_FOUND"
    assert error.message == "Lead with ID x was not found."
    assert error.details == ()
    assert error.body == resp.content
    assert error.headers is resp.headers
    assert error.request_method == "POST"
    assert error.request_url == URL


def test_str_names_status_code_message_and_request_path() -> None:
    error = status_error_from_response(api_error(404, "LEAD_NOT_FOUND", "Lead with ID x was not found."))
    assert str(error) == (
        "404 LEAD_NOT_FOUND: Lead with ID x was not found. (POST /autoupdate/v2/enterprise/e1/lead/x)"
    )


def test_details_are_read_from_the_error() -> None:
    error = status_error_from_response(
        api_error(
            400,
            "BAD_REQUEST",
            "Validation failed",
            details=[{"field": "name", "message": "name is required"}, {"message": "Invalid role"}],
        )
    )
    assert error.details == (
        ErrorDetail(field="name", message="name is required"),
        ErrorDetail(field=None, message="Invalid role"),
    )


def test_details_are_listed_in_str() -> None:
    error = status_error_from_response(
        api_error(400, "BAD_REQUEST", "Validation failed", details=[{"field": "name", "message": "required"}])
    )
    assert "400 BAD_REQUEST: Validation failed [name: required]" in str(error)


def test_malformed_details_are_tolerated() -> None:
    error = status_error_from_response(
        api_error(400, "BAD_REQUEST", "Validation failed", details=[{"field": 3}, "plain text", None])
    )
    assert error.details == (
        ErrorDetail(field=None, message=""),
        ErrorDetail(field=None, message="plain text"),
        ErrorDetail(field=None, message="None"),
    )


def test_details_that_are_not_a_list_are_ignored() -> None:
    assert status_error_from_response(api_error(400, "BAD_REQUEST", "m", details="oops")).details == ()


def test_rate_limit_error_carries_retry_after_in_seconds() -> None:
    error = status_error_from_response(response(429, b"", headers={"Retry-After": "7"}))
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 7.0


def test_rate_limit_error_prefers_retry_after_ms() -> None:
    error = status_error_from_response(
        response(429, b"", headers={"retry-after-ms": "1500", "Retry-After": "7"})
    )
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 1.5


def test_rate_limit_error_without_a_hint_has_retry_after_none() -> None:
    error = status_error_from_response(response(429, b"{}"))
    assert isinstance(error, RateLimitError)
    assert error.retry_after is None


# --- status_error_from_response: bodies that are not the API's error shape --------------------------------


def test_an_html_502_still_gives_internal_server_error_with_an_excerpt() -> None:
    html = "<html>\n  <head><title>502 Bad Gateway</title></head>\n  <body>nginx</body>\n</html>"
    error = status_error_from_response(response(502, html, method="GET"))
    assert type(error) is InternalServerError
    assert error.code is None
    assert error.message == "<html> <head><title>502 Bad Gateway</title></head> <body>nginx</body> </html>"
    assert str(error) == f"HTTP 502 Bad Gateway: {error.message} (GET /autoupdate/v2/enterprise/e1/lead/x)"


def test_truncated_json_still_gives_the_status_class() -> None:
    error = status_error_from_response(response(500, b'{"error": {"code": "INTERN'))
    assert type(error) is InternalServerError
    assert error.code is None
    assert error.message == '{"error": {"code": "INTERN'


def test_an_empty_body_is_described_as_empty() -> None:
    error = status_error_from_response(response(503, b""))
    assert error.message == "(empty body)"
    assert str(error).startswith("HTTP 503 Service Unavailable: (empty body)")


def test_a_status_without_a_registered_reason_phrase_does_not_crash() -> None:
    error = status_error_from_response(response(499, b"client closed"))
    assert str(error).startswith("HTTP 499: client closed (POST")


def test_json_of_another_shape_gives_an_excerpt() -> None:
    error = status_error_from_response(response(404, b'{"detail": "Not Found"}'))
    assert error.code is None
    assert error.message == '{"detail": "Not Found"}'


@pytest.mark.parametrize(
    "body",
    [b"[1, 2]", b'"text"', b"null", b'{"error": "boom"}', b'{"error": {"code": 5}}', b"\xff\xfe\x00"],
)
def test_an_unexpected_body_never_makes_the_factory_raise(body: bytes) -> None:
    error = status_error_from_response(response(500, body))
    assert error.code is None


def test_deeply_nested_json_does_not_make_the_factory_raise() -> None:
    assert status_error_from_response(response(500, b"[" * 100_000)).code is None


def test_a_message_without_a_code_is_kept_and_prefixed_with_the_status() -> None:
    error = status_error_from_response(response(500, b'{"error": {"message": "boom"}}'))
    assert error.message == "boom"
    assert str(error).startswith("HTTP 500 Internal Server Error: boom")


def test_a_code_without_a_message_falls_back_to_the_body_excerpt() -> None:
    error = status_error_from_response(response(404, b'{"error": {"code": "LEAD_NOT_FOUND"}}'))
    assert error.code == "LEAD_NOT_FOUND"
    assert error.message == '{"error": {"code": "LEAD_NOT_FOUND"}}'


def test_a_long_body_excerpt_is_cut_to_200_characters() -> None:
    error = status_error_from_response(response(502, "x" * 5000))
    assert error.message == "x" * 200 + "…"


def test_neither_str_nor_repr_contains_the_token() -> None:
    error = status_error_from_response(api_error(401, "NOT_AUTHORIZED", "invalid access token"))
    assert TOKEN not in str(error)
    assert TOKEN not in repr(error)
    assert not hasattr(error, "request")


def test_credentials_in_the_request_url_are_dropped() -> None:
    error = status_error_from_response(response(500, b"", url="https://user:pw@example.com/x"))
    assert error.request_url == "https://example.com/x"


def test_a_response_without_a_request_still_gives_an_error() -> None:
    error = status_error_from_response(httpx.Response(500, content=b"boom"))
    assert (error.request_method, error.request_url) == ("", "")
    assert str(error) == "HTTP 500 Internal Server Error: boom"


def test_status_errors_can_be_constructed_directly() -> None:
    error = NotFoundError("gone", status_code=404, code="X")
    assert str(error) == "404 X: gone"
    assert error.headers == {}


# --- connection_error_from_exception ----------------------------------------------------------------------


def transport_error(cls: type[httpx.TransportError], message: str = "boom") -> httpx.TransportError:
    return cls(message, request=httpx.Request("GET", URL, headers={"Authorization": f"Bearer {TOKEN}"}))


@pytest.mark.parametrize(
    "cls", [httpx.ConnectTimeout, httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout]
)
def test_a_timeout_becomes_api_timeout_error(cls: type[httpx.TransportError]) -> None:
    error = connection_error_from_exception(transport_error(cls))
    assert type(error) is APITimeoutError
    assert str(error) == f"Request timed out ({cls.__name__}) (GET /autoupdate/v2/enterprise/e1/lead/x)"


@pytest.mark.parametrize("cls", [httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError])
def test_other_transport_errors_become_api_connection_error(cls: type[httpx.TransportError]) -> None:
    error = connection_error_from_exception(transport_error(cls, "Connection refused"))
    assert type(error) is APIConnectionError
    assert str(error) == (
        f"Connection error ({cls.__name__}: Connection refused) (GET /autoupdate/v2/enterprise/e1/lead/x)"
    )


def test_a_connection_error_carries_the_request_but_not_the_token() -> None:
    error = connection_error_from_exception(transport_error(httpx.ConnectError))
    assert (error.request_method, error.request_url) == ("GET", URL)
    assert TOKEN not in str(error)


def test_a_transport_error_without_a_request_still_converts() -> None:
    error = connection_error_from_exception(httpx.ConnectError(""))
    assert str(error) == "Connection error (ConnectError)"


# --- APIResponseValidationError and PartialSuccessError ---------------------------------------------------


def test_response_validation_error_keeps_a_short_body_whole() -> None:
    error = APIResponseValidationError("could not decode", status_code=200, body=b"<html>")
    assert (error.status_code, error.body) == (200, "<html>")
    assert str(error) == "could not decode (HTTP 200)"


def test_response_validation_error_cuts_a_long_body_to_about_2kb() -> None:
    error = APIResponseValidationError("could not decode", status_code=200, body="y" * 10_000)
    assert error.body == "y" * 2048 + "… [7952 more characters]"


def test_response_validation_error_decodes_invalid_utf8_with_replacement() -> None:
    error = APIResponseValidationError("m", status_code=200, body=b"ok\xff")
    assert error.body == "ok\ufffd"


def test_partial_success_error_carries_the_result() -> None:
    result = lead_create_result({"lead_id": "L1", "actions": []}, [])
    error = PartialSuccessError("partial", result=result)
    assert error.result is result
    assert str(error) == "partial"


def test_an_empty_code_counts_as_no_code() -> None:
    error = status_error_from_response(response(404, b'{"error": {"code": "", "message": "gone"}}'))
    assert error.code is None
    assert type(error) is NotFoundError


# --- pickling (errors raised in worker processes travel back pickled) -------------------------------------


def test_a_status_error_survives_pickling() -> None:
    error = status_error_from_response(
        api_error(400, "BAD_REQUEST", "Validation failed", details=[{"field": "name", "message": "required"}])
    )
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is BadRequestError
    assert (copy.status_code, copy.code, copy.message, copy.details, copy.body) == (
        error.status_code,
        error.code,
        error.message,
        error.details,
        error.body,
    )
    assert str(copy) == str(error)


def test_a_rate_limit_error_keeps_retry_after_through_pickling() -> None:
    error = status_error_from_response(response(429, b"", headers={"Retry-After": "7"}))
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, RateLimitError)
    assert copy.retry_after == 7.0


def test_an_invalid_lead_error_keeps_both_classes_through_pickling() -> None:
    copy = pickle.loads(pickle.dumps(status_error_from_response(api_error(403, "INVALID_LEAD", "m"))))
    assert isinstance(copy, InvalidLeadError)
    assert isinstance(copy, PermissionDeniedError)


def test_a_connection_error_survives_pickling() -> None:
    error = connection_error_from_exception(transport_error(httpx.ReadTimeout))
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is APITimeoutError
    assert (str(copy), copy.request_url) == (str(error), URL)


def test_a_partial_success_error_survives_pickling_with_its_result() -> None:
    result = lead_create_result({"lead_id": "L1", "actions": [{"status": "IGNORED"}]}, [CustomAction(1001)])
    copy = pickle.loads(pickle.dumps(PartialSuccessError("partial", result=result)))
    assert copy.result == result
    assert str(copy) == "partial"


def test_a_validation_error_survives_pickling() -> None:
    copy = pickle.loads(pickle.dumps(ValidationError("bad")))
    assert (type(copy), str(copy)) == (ValidationError, "bad")
