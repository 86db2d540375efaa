"""Configuration: arguments over environment over defaults, validation, and tokens kept out of sight."""

from __future__ import annotations

import math

import httpx
import pytest

from telecrm._config import Secret, Settings, resolve_settings
from telecrm._errors import ValidationError
from telecrm._value import FrozenInstanceError

SYNC_TOKEN = "sync:0123456789abcdef"
ASYNC_TOKEN = "async:fedcba9876543210"


def settings(**arguments: object) -> Settings:
    return resolve_settings(**{"enterprise_id": "e1", "environ": {}, **arguments})  # type: ignore[arg-type]


# --- sources and defaults ---------------------------------------------------------------------------------


def test_defaults() -> None:
    resolved = settings()
    assert resolved.base_url == "https://next.telecrm.in/autoupdate/v2"
    assert resolved.ingest_base_url == "https://next-api.telecrm.in"
    assert resolved.timeout == httpx.Timeout(30.0, connect=10.0)
    assert resolved.max_retries == 2
    assert (resolved.token, resolved.ingest_token, resolved.log_level) == (None, None, None)


def test_everything_can_come_from_the_environment() -> None:
    resolved = resolve_settings(
        environ={
            "TELECRM_ENTERPRISE_ID": "env-e",
            "TELECRM_SYNC_TOKEN": SYNC_TOKEN,
            "TELECRM_ASYNC_TOKEN": ASYNC_TOKEN,
            "TELECRM_BASE_URL": "http://127.0.0.1:8000/sync/",
            "TELECRM_INGEST_BASE_URL": "http://localhost:8001",
            "TELECRM_LOG": "debug",
        }
    )
    assert resolved.enterprise_id == "env-e"
    assert resolved.require_token("sync") == SYNC_TOKEN
    assert resolved.require_token("async") == ASYNC_TOKEN
    assert resolved.base_url == "http://127.0.0.1:8000/sync"
    assert resolved.ingest_base_url == "http://localhost:8001"
    assert resolved.log_level == "debug"


def test_arguments_win_over_the_environment() -> None:
    environ = {
        "TELECRM_ENTERPRISE_ID": "env-e",
        "TELECRM_SYNC_TOKEN": "env:sync",
        "TELECRM_ASYNC_TOKEN": "env:async",
        "TELECRM_BASE_URL": "https://env.example.com",
        "TELECRM_INGEST_BASE_URL": "https://env-ingest.example.com",
    }
    resolved = resolve_settings(
        enterprise_id="arg-e",
        token=SYNC_TOKEN,
        ingest_token=ASYNC_TOKEN,
        base_url="https://arg.example.com",
        ingest_base_url="https://arg-ingest.example.com",
        environ=environ,
    )
    assert resolved.enterprise_id == "arg-e"
    assert resolved.require_token("sync") == SYNC_TOKEN
    assert resolved.require_token("async") == ASYNC_TOKEN
    assert resolved.base_url == "https://arg.example.com"
    assert resolved.ingest_base_url == "https://arg-ingest.example.com"


def test_an_empty_environment_variable_counts_as_unset() -> None:
    resolved = settings(environ={"TELECRM_SYNC_TOKEN": "", "TELECRM_BASE_URL": "", "TELECRM_LOG": ""})
    assert resolved.token is None
    assert resolved.base_url == "https://next.telecrm.in/autoupdate/v2"
    assert resolved.log_level is None


def test_the_process_environment_is_the_default_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELECRM_ENTERPRISE_ID", "from-os-environ")
    assert resolve_settings().enterprise_id == "from-os-environ"


# --- enterprise_id ----------------------------------------------------------------------------------------


def test_a_missing_enterprise_id_names_the_variable_then_the_argument() -> None:
    with pytest.raises(ValidationError) as raised:
        resolve_settings(environ={})

    assert str(raised.value) == (
        "enterprise_id is required: set TELECRM_ENTERPRISE_ID (or pass enterprise_id=… to the client); "
        "find it in Settings → Website and API"
    )


@pytest.mark.parametrize("stray", ["TELECRM_ENTERPRISE", "TELECRM_ACCOUNT_ID", "TELECRM_ENTERPRISEID"])
def test_a_missing_enterprise_id_names_a_lookalike_variable_that_is_set(stray: str) -> None:
    with pytest.raises(ValidationError) as raised:
        resolve_settings(environ={stray: "ent-1"})

    assert str(raised.value).endswith(
        f"({stray} is set, but the SDK does not read it: the variable is TELECRM_ENTERPRISE_ID)"
    )


@pytest.mark.parametrize("stray", ["TELECRM_TOKEN", "TELECRM_API_KEY", "TELECRM_SECRET"])
def test_a_missing_token_names_a_lookalike_variable_that_is_set_but_never_its_value(stray: str) -> None:
    resolved = resolve_settings(environ={"TELECRM_ENTERPRISE_ID": "ent-1", stray: "tok-SECRET-9"})

    with pytest.raises(ValidationError) as raised:
        resolved.require_token("sync")

    assert str(raised.value).endswith(
        f"({stray} is set, but the SDK does not read it: the variable is TELECRM_SYNC_TOKEN)"
    )
    assert "tok-SECRET-9" not in str(raised.value)


def test_several_lookalike_variables_are_all_named() -> None:
    resolved = resolve_settings(
        environ={"TELECRM_ENTERPRISE_ID": "ent-1", "TELECRM_TOKEN": "a", "TELECRM_API_KEY": "b"}
    )

    with pytest.raises(ValidationError) as raised:
        resolved.require_token("async")

    assert "(TELECRM_API_KEY, TELECRM_TOKEN are set, but the SDK does not read them" in str(raised.value)


def test_a_variable_that_looks_like_no_setting_is_not_named() -> None:
    with pytest.raises(ValidationError) as raised:
        resolve_settings(environ={"TELECRM_FUZZ": "1", "TELECRM_TOKEN": "t"})

    assert "TELECRM_FUZZ" not in str(raised.value)
    assert "TELECRM_TOKEN" not in str(raised.value)


@pytest.mark.parametrize(
    ("value", "fragment"), [("", "not an enterprise ID"), (" e1", "not an enterprise ID")]
)
def test_an_invalid_enterprise_id_is_refused(value: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        settings(enterprise_id=value)


def test_an_enterprise_id_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(ValidationError, match="enterprise_id is a str"):
        settings(enterprise_id=123)


# --- tokens -----------------------------------------------------------------------------------------------


def test_tokens_are_optional_at_construction() -> None:
    assert settings().token is None


def test_require_token_returns_the_sync_token() -> None:
    assert settings(token=SYNC_TOKEN).require_token("sync") == SYNC_TOKEN


def test_require_token_returns_the_async_token() -> None:
    assert settings(ingest_token=ASYNC_TOKEN).require_token("async") == ASYNC_TOKEN


def test_require_token_never_hands_one_apis_token_to_the_other() -> None:
    only_sync = settings(token=SYNC_TOKEN)
    with pytest.raises(ValidationError, match="Async"):
        only_sync.require_token("async")


def test_a_missing_sync_token_says_how_to_provide_it() -> None:
    with pytest.raises(
        ValidationError, match=r"the Sync API needs a token: set TELECRM_SYNC_TOKEN \(or pass token=… to"
    ):
        settings().require_token("sync")


def test_a_missing_async_token_says_how_to_provide_it() -> None:
    with pytest.raises(
        ValidationError,
        match=r"the Async API needs a token: set TELECRM_ASYNC_TOKEN \(or pass ingest_token=… to",
    ):
        settings().require_token("async")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "must not be empty"),
        ("Bearer abc", "without 'Bearer '"),
        ("abc\n", "trailing newline"),
        ("a\x00b", "control characters"),
        (123, "a token is a str"),
    ],
)
def test_a_malformed_token_is_refused_without_quoting_it(value: object, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment) as caught:
        settings(token=value)
    assert "abc" not in str(caught.value)


def test_tokens_do_not_appear_in_the_settings_repr() -> None:
    text = repr(settings(token=SYNC_TOKEN, ingest_token=ASYNC_TOKEN))
    assert SYNC_TOKEN not in text
    assert ASYNC_TOKEN not in text
    assert "Secret('****')" in text


def test_tokens_do_not_appear_in_a_dump_of_the_settings_fields() -> None:
    dumped = repr(vars(settings(token=SYNC_TOKEN)))
    assert SYNC_TOKEN not in repr(dumped)


def test_a_secret_prints_masked() -> None:
    secret = Secret(SYNC_TOKEN)
    assert repr(secret) == "Secret('****')"
    assert str(secret) == "Secret('****')"
    assert f"{secret}" == "Secret('****')"


def test_a_secret_reveals_its_value() -> None:
    assert Secret(SYNC_TOKEN).reveal() == SYNC_TOKEN


def test_a_secret_has_no_instance_dict_to_leak_through() -> None:
    assert not hasattr(Secret(SYNC_TOKEN), "__dict__")


# --- base URLs --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://next.telecrm.in/autoupdate/v2/", "https://next.telecrm.in/autoupdate/v2"),
        ("https://example.com//", "https://example.com"),
        ("http://localhost:8000", "http://localhost:8000"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("http://127.9.9.9", "http://127.9.9.9"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_a_base_url_is_accepted_without_its_trailing_slash(url: str, expected: str) -> None:
    assert settings(base_url=url).base_url == expected


@pytest.mark.parametrize(
    "url", ["http://next.telecrm.in/autoupdate/v2", "http://10.0.0.1", "http://localhost.example.com"]
)
def test_plain_http_is_refused_for_a_host_that_is_not_loopback(url: str) -> None:
    with pytest.raises(ValidationError, match=r"is not HTTPS.*loopback"):
        settings(base_url=url)


def test_plain_http_is_refused_for_the_ingest_url_too() -> None:
    with pytest.raises(ValidationError, match="is not HTTPS"):
        settings(ingest_base_url="http://next-api.telecrm.in")


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("next.telecrm.in", "not an absolute http(s) URL"),
        ("/autoupdate/v2", "not an absolute http(s) URL"),
        ("ftp://next.telecrm.in", "not an absolute http(s) URL"),
        ("https://", "not an absolute http(s) URL"),
        ("https://exa mple.com", "not an absolute http(s) URL"),
        ("https://example.com:0", "not an absolute http(s) URL"),
        ("https://example.com:99999", "not a valid URL"),
        ("https://example.com:abc", "not a valid URL"),
        ("https://example.com/?x=1", "no query or fragment"),
        ("https://example.com/#top", "no query or fragment"),
        ("", "not an absolute http(s) URL"),
    ],
)
def test_a_malformed_base_url_is_refused(url: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        settings(base_url=url)


def test_a_base_url_with_credentials_is_refused_without_quoting_them() -> None:
    with pytest.raises(ValidationError, match="must not carry credentials") as caught:
        settings(base_url="https://user:hunter2@example.com")
    assert "hunter2" not in str(caught.value)
    assert "https://****@example.com" in str(caught.value)


def test_a_bad_port_with_credentials_is_refused_without_quoting_them() -> None:
    with pytest.raises(ValidationError) as caught:
        settings(base_url="https://user:hunter2@example.com:99999")
    assert "hunter2" not in str(caught.value)


# --- timeout and max_retries ------------------------------------------------------------------------------


def test_a_number_timeout_applies_to_every_phase() -> None:
    assert settings(timeout=5).timeout == httpx.Timeout(5.0)


def test_an_httpx_timeout_is_kept() -> None:
    timeout = httpx.Timeout(3.0, connect=1.0)
    assert settings(timeout=timeout).timeout is timeout


@pytest.mark.parametrize("value", [None, 0, -1.0, math.inf, math.nan, True, "30"])
def test_a_timeout_that_is_not_finite_and_positive_is_refused(value: object) -> None:
    with pytest.raises(ValidationError, match="every call needs a finite timeout"):
        settings(timeout=value)


@pytest.mark.parametrize(
    ("timeout", "phase"),
    [
        (httpx.Timeout(None), "connect"),
        (httpx.Timeout(5.0, read=None), "read"),
        (httpx.Timeout(5.0, pool=math.inf), "pool"),
        (httpx.Timeout(5.0, write=0), "write"),
    ],
)
def test_an_httpx_timeout_with_an_unbounded_phase_is_refused(timeout: httpx.Timeout, phase: str) -> None:
    with pytest.raises(ValidationError, match=f"the {phase} timeout must be a finite number"):
        settings(timeout=timeout)


def test_max_retries_can_be_zero() -> None:
    assert settings(max_retries=0).max_retries == 0


@pytest.mark.parametrize("value", [-1, True, 1.0, None])
def test_an_invalid_max_retries_is_refused(value: object) -> None:
    with pytest.raises(ValidationError, match="max_retries must be an int from 0 to 20"):
        settings(max_retries=value)


# --- TELECRM_LOG ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["info", "debug"])
def test_log_level_comes_from_telecrm_log(level: str) -> None:
    assert settings(environ={"TELECRM_LOG": level}).log_level == level


@pytest.mark.parametrize("level", ["warning", "INFO", "1", "true"])
def test_any_other_log_level_is_refused(level: str) -> None:
    with pytest.raises(ValidationError, match="TELECRM_LOG must be 'info' or 'debug'"):
        settings(environ={"TELECRM_LOG": level})


# --- with_overrides and immutability ----------------------------------------------------------------------


def test_with_overrides_changes_only_what_is_given() -> None:
    original = settings(token=SYNC_TOKEN)
    copy = original.with_overrides(max_retries=5)
    assert copy.max_retries == 5
    assert copy.timeout == original.timeout
    assert copy.require_token("sync") == SYNC_TOKEN


def test_with_overrides_leaves_the_original_unchanged() -> None:
    original = settings()
    original.with_overrides(timeout=1.0, max_retries=0)
    assert (original.timeout, original.max_retries) == (httpx.Timeout(30.0, connect=10.0), 2)


def test_with_overrides_converts_a_number_timeout() -> None:
    assert settings().with_overrides(timeout=2).timeout == httpx.Timeout(2.0)


def test_with_overrides_validates() -> None:
    with pytest.raises(ValidationError, match="every call needs a finite timeout"):
        settings().with_overrides(timeout=None)  # type: ignore[arg-type]


def test_settings_are_frozen() -> None:
    with pytest.raises(FrozenInstanceError):
        settings().max_retries = 3  # type: ignore[misc]


def test_settings_built_directly_are_validated() -> None:
    with pytest.raises(ValidationError, match="is not HTTPS"):
        Settings(enterprise_id="e1", base_url="http://example.com")
