"""The retry policy: which failures are retried, how long to wait, and how server hints are read."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

import httpx
import pytest

from telecrm._errors import APIConnectionError, APIResponseValidationError
from telecrm._retry import RetryPolicy, provably_not_processed, retry_after_seconds

NOW = 1_700_000_000.0


def policy(**overrides: object) -> RetryPolicy:
    return RetryPolicy(**{"random": lambda: 1.0, "now": lambda: NOW, **overrides})  # type: ignore[arg-type]


def http_date(offset_seconds: float) -> str:
    return format_datetime(datetime.fromtimestamp(NOW + offset_seconds, tz=UTC), usegmt=True)


# --- defaults and construction ----------------------------------------------------------------------------


def test_defaults() -> None:
    default = RetryPolicy()
    assert (default.max_retries, default.initial_delay, default.max_delay, default.max_retry_after) == (
        2,
        0.5,
        8.0,
        60.0,
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_retries", -1),
        ("max_retries", True),
        ("max_retries", 1.0),
        ("initial_delay", 0),
        ("max_delay", -1.0),
    ],
)
def test_invalid_settings_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        RetryPolicy(**{field: value})  # type: ignore[arg-type]


def test_injected_clocks_do_not_affect_equality() -> None:
    assert policy() == RetryPolicy()


# --- retryable_status -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504, 520, 599])
def test_retryable_statuses(status: int) -> None:
    assert RetryPolicy.retryable_status(status)


@pytest.mark.parametrize("status", [200, 400, 401, 403, 404, 409, 499, 600])
def test_statuses_that_are_not_retried(status: int) -> None:
    assert not RetryPolicy.retryable_status(status)


# --- delay: backoff ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("attempt", "expected"), [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0)])
def test_backoff_doubles_from_the_initial_delay(attempt: int, expected: float) -> None:
    assert policy().delay(attempt) == expected


def test_backoff_is_capped_at_max_delay() -> None:
    assert policy().delay(10) == 8.0


def test_backoff_stays_finite_for_a_huge_attempt_number() -> None:
    assert policy().delay(100_000) == 8.0


def test_equal_jitter_never_waits_less_than_half_the_backoff() -> None:
    assert policy(random=lambda: 0.0).delay(3) == 2.0


def test_equal_jitter_spreads_over_the_upper_half() -> None:
    assert policy(random=lambda: 0.5).delay(3) == 3.0


def test_a_negative_attempt_is_refused() -> None:
    with pytest.raises(ValueError, match="attempt"):
        policy().delay(-1)


def test_headers_without_a_hint_use_the_backoff() -> None:
    assert policy().delay(1, {"content-type": "application/json"}) == 1.0


# --- delay: server hints ----------------------------------------------------------------------------------


def test_retry_after_seconds_replaces_the_backoff() -> None:
    assert policy().delay(0, {"Retry-After": "3"}) == 3.0


def test_retry_after_ms_replaces_the_backoff() -> None:
    assert policy().delay(0, {"retry-after-ms": "250"}) == 0.25


def test_a_retry_after_http_date_counts_from_now() -> None:
    assert policy().delay(0, {"Retry-After": http_date(12)}) == 12.0


def test_a_server_hint_is_capped_at_max_retry_after() -> None:
    assert policy().delay(0, {"Retry-After": "3600"}) == 60.0


def test_a_hint_is_read_from_httpx_headers() -> None:
    assert policy().delay(0, httpx.Headers({"Retry-After": "4"})) == 4.0


def test_a_garbage_hint_falls_back_to_the_backoff() -> None:
    assert policy().delay(2, {"Retry-After": "soon"}) == 2.0


# --- retry_after_seconds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"retry-after": " 7 "}, 7.0),
        ({"RETRY-AFTER": "7"}, 7.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"Retry-After-Ms": "20.5"}, 0.0205),
        ({"retry-after-ms": "100", "Retry-After": "9"}, 0.1),
        ({"retry-after-ms": "junk", "Retry-After": "9"}, 9.0),
        ({"Retry-After": "-5"}, 0.0),
        ({"retry-after-ms": "-5"}, 0.0),
        ({"Retry-After": "0"}, 0.0),
    ],
)
def test_retry_after_seconds_reads(headers: dict[str, str], expected: float) -> None:
    assert retry_after_seconds(headers, now=lambda: NOW) == expected


def test_retry_after_http_date_in_the_future() -> None:
    assert retry_after_seconds({"Retry-After": http_date(30)}, now=lambda: NOW) == 30.0


def test_retry_after_http_date_in_the_past_means_now() -> None:
    assert retry_after_seconds({"Retry-After": http_date(-30)}, now=lambda: NOW) == 0.0


def test_retry_after_http_date_with_minus_zero_zone_is_read_as_utc() -> None:
    value = http_date(5).replace("GMT", "-0000")
    assert retry_after_seconds({"Retry-After": value}, now=lambda: NOW) == 5.0


@pytest.mark.parametrize(
    "value",
    ["soon", "", "1e3", "nan", "inf", "\uff11\uff12", "1_0", "7 seconds", "Wed, 99 Foo 2015 07:28:00 GMT"],
)
def test_retry_after_garbage_is_no_hint(value: str) -> None:
    assert retry_after_seconds({"Retry-After": value}) is None


@pytest.mark.parametrize("headers", [None, {}, {"content-type": "text/html"}])
def test_no_retry_after_header_is_no_hint(headers: dict[str, str] | None) -> None:
    assert retry_after_seconds(headers) is None


# --- should_retry: requests that do not create anything ---------------------------------------------------


@pytest.mark.parametrize("status", [408, 429, 500, 503, 520])
def test_a_read_is_retried_on_retryable_statuses(status: int) -> None:
    assert policy().should_retry(attempt=0, creates=False, status=status)


@pytest.mark.parametrize("status", [400, 401, 404, 409, 499])
def test_a_read_is_not_retried_on_other_statuses(status: int) -> None:
    assert not policy().should_retry(attempt=0, creates=False, status=status)


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("t"),
        httpx.PoolTimeout("t"),
        httpx.ReadTimeout("t"),
        httpx.WriteTimeout("t"),
        httpx.ReadError("reset"),
        httpx.WriteError("broken pipe"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ProxyError("502"),
    ],
)
def test_a_read_is_retried_on_transient_transport_errors(error: httpx.TransportError) -> None:
    assert policy().should_retry(attempt=0, creates=False, error=error)


@pytest.mark.parametrize(
    "error",
    [
        httpx.UnsupportedProtocol("ftp"),
        httpx.LocalProtocolError("bad header"),
        ValueError("not a transport error"),
    ],
)
def test_errors_that_would_fail_again_are_not_retried(error: BaseException) -> None:
    assert not policy().should_retry(attempt=0, creates=False, error=error)


# --- should_retry: requests that create something ---------------------------------------------------------


def test_a_create_is_retried_on_429() -> None:
    assert policy().should_retry(attempt=0, creates=True, status=429)


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504])
def test_a_create_is_not_retried_on_a_status_it_may_have_been_processed_under(status: int) -> None:
    assert not policy().should_retry(attempt=0, creates=True, status=status)


@pytest.mark.parametrize(
    "error", [httpx.ConnectError("refused"), httpx.ConnectTimeout("t"), httpx.PoolTimeout("t")]
)
def test_a_create_is_retried_when_the_request_never_left(error: httpx.TransportError) -> None:
    assert policy().should_retry(attempt=0, creates=True, error=error)


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadTimeout("t"),
        httpx.WriteTimeout("t"),
        httpx.ReadError("reset"),
        httpx.WriteError("broken pipe"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
    ],
)
def test_a_create_is_not_retried_when_the_request_may_have_arrived(error: httpx.TransportError) -> None:
    assert not policy().should_retry(attempt=0, creates=True, error=error)


# --- should_retry: the retry budget and misuse ------------------------------------------------------------


def test_retries_stop_when_the_budget_is_spent() -> None:
    assert policy(max_retries=2).should_retry(attempt=1, creates=False, status=503)
    assert not policy(max_retries=2).should_retry(attempt=2, creates=False, status=503)


def test_zero_max_retries_never_retries() -> None:
    assert not policy(max_retries=0).should_retry(attempt=0, creates=True, status=429)


def test_should_retry_needs_a_status_or_an_error() -> None:
    with pytest.raises(TypeError, match="exactly one"):
        policy().should_retry(attempt=0, creates=False)


def test_should_retry_refuses_both_a_status_and_an_error() -> None:
    with pytest.raises(TypeError, match="exactly one"):
        policy().should_retry(attempt=0, creates=False, status=500, error=httpx.ReadError("x"))


# --- provably_not_processed: the one rule for replaying what creates something --------------------------


@pytest.mark.parametrize(("status", "expected"), [(429, True), (408, False), (500, False), (503, False)])
def test_only_a_429_status_proves_the_request_was_not_processed(status: int, expected: bool) -> None:
    assert provably_not_processed(status=status) is expected


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (httpx.ConnectError("refused"), True),
        (httpx.ConnectTimeout("slow"), True),
        (httpx.PoolTimeout("busy"), True),
        (httpx.ReadTimeout("late"), False),
        (httpx.WriteTimeout("late"), False),
        (httpx.RemoteProtocolError("dropped"), False),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_only_a_connection_never_made_proves_the_request_was_not_processed(
    error: httpx.HTTPError, expected: bool
) -> None:
    assert provably_not_processed(error=error) is expected


def test_an_sdk_error_is_judged_by_the_httpx_error_it_wraps() -> None:
    never_sent = APIConnectionError("connection failed")
    never_sent.__cause__ = httpx.ConnectError("refused")
    dropped = APIConnectionError("connection failed")
    dropped.__cause__ = httpx.RemoteProtocolError("dropped")
    assert provably_not_processed(error=never_sent) is True
    assert provably_not_processed(error=dropped) is False


def test_an_unreadable_answer_may_have_been_processed() -> None:
    unreadable = APIResponseValidationError("bad body", status_code=200, body=b"{")
    unreadable.__cause__ = ValueError("truncated")
    assert provably_not_processed(error=unreadable) is False
