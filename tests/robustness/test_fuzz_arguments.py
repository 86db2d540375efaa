"""Property: any argument values given to any public method or constructor, sync or async, either succeed or
raise ``ValidationError`` with nothing sent, or (only once a request was sent) raise another ``TelecrmError``.

Every client here lends an ``httpx.MockTransport`` that records each request and answers a plausible success
body for its endpoint, so success is reachable and no byte leaves the process. Anything else a call raises
(``TypeError``, ``UnicodeEncodeError``, ``OverflowError``, ``RecursionError``, ``httpx.*``, ``decimal.*``...)
is a raw exception. A raw exception that matches a known bug (``KNOWN_BUGS``: each has a strict-xfail minimal
reproduction below, which flips when the bug is fixed, so its entry can then be deleted) is counted and
tolerated; any other fails the test with the argument values. ``TELECRM_FUZZ_STRICT=1`` tolerates none.

Example counts: a few derandomized examples per test under ``make test``; ``make fuzz`` (``TELECRM_FUZZ=1``)
runs many random ones (``TELECRM_FUZZ_EXAMPLES`` per test). The session summary prints the calls made and the
raw exceptions seen.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import re
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import attrs
import httpx
import pytest
from fuzz_support import FUZZ, PROFILE, STATS
from fuzz_values import (
    BAD_BOOL,
    BAD_REPR,
    DEEP,
    Lazy,
    action_update,
    actions,
    any_text,
    code,
    custom_action,
    date_input,
    date_range,
    email,
    fields,
    headers,
    identifier,
    json_like,
    max_retries,
    mostly,
    nasty,
    nasty_key,
    nasty_scalar,
    options,
    payment_status,
    pick,
    show,
    timeout,
    type_filter,
)
from hypothesis import given
from hypothesis import strategies as st

from telecrm import (
    AsyncPager,
    AsyncTelecrm,
    CustomAction,
    LocalRateLimiter,
    Pager,
    Payment,
    Telecrm,
    TelecrmError,
    ValidationError,
)

# --- profiles -----------------------------------------------------------------------------------------------

STRICT = os.environ.get("TELECRM_FUZZ_STRICT") == "1"

pytestmark = pytest.mark.timeout(3600 if FUZZ else 120)

ENTERPRISE_ID = "ent-42"
SYNC_TOKEN = "sync-tok-SECRET-9f8e7d"
ASYNC_TOKEN = "async-tok-SECRET-1a2b3c"
FLAVORS = ("sync", "async")


# --- the mock server ----------------------------------------------------------------------------------------

MEMBER = {
    "name": "Asha Rao",
    "email": "asha@acme.example",
    "status": "Active",
    "phone_number": "919876543210",
    "role": "CALLER",
    "license": {"status": "ACTIVE", "type": "GROWTH", "start_date": "2024-01-01", "end_date": "2025-01-01"},
}
LEAD = {"fields": {"name": "Jane", "phone": "919999999999"}, "actions": [{"type": "1001", "fields": {}}]}
FIELD = {"id": "f-1", "type": "TEXT", "apiName": "city", "lockAfterCreate": False, "isLeadid": False}
DEFINITION = {"id": "ca-1", "code": "ACTION_1001", "displayName": "Site visit", "score": 5, "source": "USER"}
METADATA = {"name": "Acme", "id": ENTERPRISE_ID, "leadIdentifierFieldId": "phone", "integrations": ["SMS"]}
PIPELINE = {
    "leadStages": [{"stageid": "s1", "stageType": "OPEN", "activeStatuses": [], "archivedStatuses": []}],
    "activeLeadLostReasons": [],
    "archivedLeadLostReasons": [],
    "version": 1,
}


def _sent(request: httpx.Request) -> Any:
    try:
        return json.loads(request.content) if request.content else None
    except ValueError:
        return None


def _outcomes(request: httpx.Request) -> list[dict[str, Any]]:
    body = _sent(request)
    sent = body.get("actions") if isinstance(body, dict) else None
    count = len(sent) if isinstance(sent, list) else 0
    return [{"action_id": f"A{index}", "status": "CREATED"} for index in range(count)]


def _action_state(request: httpx.Request) -> dict[str, Any]:
    body = _sent(request)
    if isinstance(body, dict) and body.get("type") == "PAYMENT":
        return {
            "type": "PAYMENT",
            "amount": "5000",
            "currency": "INR",
            "status": body.get("status", "PENDING"),
        }
    kind = body.get("type") if isinstance(body, dict) and isinstance(body.get("type"), str) else "1001"
    sent_fields = body.get("fields") if isinstance(body, dict) else None
    return {"type": kind, "fields": sent_fields if isinstance(sent_fields, dict) else {}}


_ROUTES: list[tuple[str, re.Pattern[str], Callable[[httpx.Request], tuple[int, Any]]]] = [
    ("POST", re.compile(r"/lead"), lambda r: (201, {"lead_id": "L1", "actions": _outcomes(r)})),
    ("POST", re.compile(r"/lead/search"), lambda r: (200, {"data": [LEAD], "total_count": 1})),
    ("GET", re.compile(r"/lead/[^/]+"), lambda r: (200, LEAD)),
    ("POST", re.compile(r"/lead/[^/]+"), lambda r: (200, LEAD)),
    ("POST", re.compile(r"/lead/[^/]+/action"), lambda r: (200, {"lead_id": "L1", "actions": _outcomes(r)})),
    (
        "POST",
        re.compile(r"/lead/[^/]+/action/search"),
        lambda r: (200, {"data": [{"type": "INCOMING_CALL"}]}),
    ),
    (
        "GET",
        re.compile(r"/lead/[^/]+/action/[^/]+"),
        lambda r: (200, {"type": "1001", "fields": {"note": "x"}}),
    ),
    ("POST", re.compile(r"/lead/[^/]+/action/[^/]+"), lambda r: (200, _action_state(r))),
    ("GET", re.compile(r"/team-members"), lambda r: (200, {"data": [MEMBER], "total_count": 1})),
    ("GET", re.compile(r"/team-members/[^/]+"), lambda r: (200, MEMBER)),
    ("POST", re.compile(r"/team-members"), lambda r: (201, MEMBER)),
    (
        "POST",
        re.compile(r"/teammember/state_change"),
        lambda r: (200, {"email": "a@b.co", "status": "Active"}),
    ),
    ("GET", re.compile(r"/custom-fields"), lambda r: (200, {"customFields": [FIELD]})),
    ("GET", re.compile(r"/custom-fields/[^/]+"), lambda r: (200, FIELD)),
    ("GET", re.compile(r"/custom-actions"), lambda r: (200, {"customActions": [DEFINITION]})),
    ("GET", re.compile(r"/custom-actions/[^/]+"), lambda r: (200, DEFINITION)),
    ("GET", re.compile(r"/metadata"), lambda r: (200, METADATA)),
    ("GET", re.compile(r"/lead-stage-pipeline"), lambda r: (200, PIPELINE)),
    ("POST", re.compile(r"/autoupdatelead"), lambda r: (200, {"status": "QUEUED"})),
]
_PREFIX = re.compile(r"^(?:/autoupdate/v2)?/enterprise/[^/]+")


class Recorder:
    """The MockTransport handler: records every request, answers each endpoint's success body."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.count += 1
        path = request.url.raw_path.decode("ascii").partition("?")[0]  # ids stay one segment: a%2Fb
        match = _PREFIX.match(path)
        rest = path[match.end() :] if match else None
        for method, pattern, answer in _ROUTES:
            if rest is not None and request.method == method and pattern.fullmatch(rest):
                status, body = answer(request)
                return httpx.Response(status, json=body)
        return httpx.Response(200, json={"ok": True})  # client.request on a path the SDK does not wrap


# --- calls --------------------------------------------------------------------------------------------------


@attrs.frozen
class Call:
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    raw: bool = False

    def __str__(self) -> str:
        shown = [show(arg) for arg in self.args] + [
            f"{key}={show(value)}" for key, value in self.kwargs.items()
        ]
        return f"({', '.join(shown)}){' via with_raw_response' if self.raw else ''}"


def call(*positional: st.SearchStrategy[Any], **keyword: st.SearchStrategy[Any]) -> st.SearchStrategy[Call]:
    """A Call: every positional argument drawn, each keyword argument drawn or left out, and per-call
    options."""
    return st.builds(
        lambda args, kwargs, opts, raw: Call(tuple(args), {**kwargs, **opts}, raw),
        st.tuples(*positional),
        st.fixed_dictionaries({}, optional=keyword),
        options,
        st.booleans(),
    )


def one_or_many(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(strategy, st.lists(strategy, max_size=3), st.frozensets(st.text(max_size=8), max_size=2))


flag = mostly(st.booleans())
search_fields = mostly(
    st.dictionaries(
        st.one_of(st.sampled_from(("city", "name", "rating")), any_text),
        one_or_many(json_like),
        max_size=3,
    ).flatmap(lambda d: st.just(d) | st.builds(lambda r: {**d, "created_on": r}, date_range)),
    st.dictionaries(nasty_key, json_like, min_size=1, max_size=2),
)
search_actions = mostly(
    st.fixed_dictionaries(
        {},
        optional={
            "type": one_or_many(type_filter),
            "performed_by": one_or_many(email),
            "performed_at": date_range,
        },
    ),
    st.dictionaries(nasty_key, nasty, min_size=1, max_size=2),
)
page_size = mostly(st.integers(1, 10))
phone = mostly(
    st.sampled_from(("919876543210", "14155550100", "4915123456789")),
    st.sampled_from(("+919876543210", "91 98765 43210", "0919876543210", "9198765432101234")),
)
role = mostly(st.sampled_from(("ADMIN", "MANAGER", "CALLER", "MARKETING_USER", "caller")))
state = mostly(st.sampled_from(("Active", "Inactive", "On Leave", "Working", "active")))
method = mostly(
    st.sampled_from(("GET", "POST", "get", "Put", "PATCH", "DELETE")), st.sampled_from(("HEAD", "TRACE"))
)
path = mostly(
    st.sampled_from(
        (
            "/enterprise/{enterprise_id}/metadata",
            "/enterprise/{enterprise_id}/lead/search",
            "/x",
            "/",
            "//evil.example/x",
            "/../../x",
            "/a b?c=d#e",
            "/\u00e9",
        )
    ),
    st.text(max_size=20),
)
cast_to = st.one_of(st.none(), pick((dict, str, list, int, float, Decimal, 5, BAD_REPR, print)))

TARGETS: dict[str, st.SearchStrategy[Call]] = {
    "leads.create": call(fields, actions=actions, strict=flag),
    "leads.get": call(identifier, include_actions=flag, skip=mostly(st.integers(0, 10**6)), limit=page_size),
    "leads.update": call(identifier, fields),
    "leads.search": call(fields=search_fields, actions=search_actions, page_size=page_size),
    "actions.create": call(identifier, actions, strict=flag),
    "actions.get": call(identifier, identifier),
    "actions.update": call(identifier, identifier, action_update),
    "actions.set_payment_status": call(identifier, identifier, payment_status),
    "actions.search": call(
        identifier,
        type=type_filter,
        created_on=date_range,
        performed_by=one_or_many(email),
        page_size=page_size,
    ),
    "team_members.list": call(include_deleted=flag, page_size=page_size),
    "team_members.get": call(email, include_deleted=flag),
    "team_members.create": call(identifier, email, phone, role, password=st.one_of(st.none(), identifier)),
    "team_members.set_state": call(email, state),
    "workspace.custom_fields": call(detail=flag),
    "workspace.custom_field": call(identifier),
    "workspace.custom_actions": call(detail=flag),
    "workspace.custom_action": call(st.one_of(code, custom_action)),
    "workspace.metadata": call(),
    "workspace.pipeline": call(),
    "ingest.upsert": call(fields, actions=actions),
    "request": call(
        method,
        path,
        api=mostly(st.sampled_from(("sync", "async"))),
        params=mostly(st.dictionaries(st.text(max_size=8), json_like, max_size=3)),
        json=st.one_of(json_like, nasty),
        cast_to=cast_to,
        creates=st.one_of(st.none(), st.booleans(), nasty_scalar),
    ),
}

PAGERS = {"leads.search", "actions.search", "team_members.list"}


def materialize(value: Any) -> Any:
    """Build the :class:`Lazy` recipes in an argument (top level, and one level into lists and tuples)."""
    if isinstance(value, Lazy):
        args = tuple(materialize(arg) for arg in value.args)
        return Lazy(value.factory, args, value.kwargs).build()
    if isinstance(value, list):
        return [item.build() if isinstance(item, Lazy) else item for item in value]
    if isinstance(value, tuple):
        return tuple(item.build() if isinstance(item, Lazy) else item for item in value)
    return value


# --- the property -------------------------------------------------------------------------------------------


#: Every SDK bug this file knows, by id. Each has strict-xfail reproductions (``REPRODUCTIONS`` below); the
#: ones that raise raw exceptions also have a signature in ``KNOWN_BUGS``, so the fuzz counts them instead of
#: failing on them. When a bug is fixed its reproductions XPASS (and fail the run): delete the bug from here,
#: from KNOWN_BUGS and the xfail marks, and the fuzz holds the fix from then on.
BUGS: dict[str, str] = {}
"""Open bugs, by id (none today: B01-B19 were found by this suite and fixed; their reproductions below stay
as regression tests)."""


@attrs.frozen
class KnownBug:
    """A raw exception the SDK is known to raise: ``matches(exc, target)`` recognises it."""

    id: str
    matches: Callable[[BaseException, str], bool]


def _frames(exc: BaseException) -> list[traceback.FrameSummary]:
    return traceback.extract_tb(exc.__traceback__)


def _raised_in(exc: BaseException, fragment: str) -> bool:
    """Whether the innermost frame's file path contains ``fragment``."""
    frames = _frames(exc)
    return bool(frames) and fragment in frames[-1].filename.replace("\\", "/")


def _through(exc: BaseException, fragment: str) -> bool:
    return any(fragment in frame.filename.replace("\\", "/") for frame in _frames(exc))


def _digits_limit(exc: BaseException) -> bool:
    return isinstance(exc, ValueError) and "integer string conversion" in str(exc)


#: Signatures of the raw exceptions of the bugs above, tried in order.
KNOWN_BUGS: tuple[KnownBug, ...] = ()


def known_bug(exc: BaseException, target: str) -> KnownBug | None:
    if STRICT:
        return None
    return next((bug for bug in KNOWN_BUGS if bug.matches(exc, target)), None)


def _secrets_absent(exc: BaseException, secrets: tuple[str, ...]) -> None:
    for text in (str(exc), repr(exc)):
        for secret in secrets:
            assert secret not in text, f"a token appears in {type(exc).__name__}: {text[:200]!r}"


def judge(
    target: str, call_text: str, thunk: Callable[[], Any], recorder: Recorder, secrets: tuple[str, ...]
) -> None:
    """Run one public call and hold it to the property; record the outcome."""
    before = recorder.count
    try:
        thunk()
    except ValidationError as exc:
        sent = recorder.count - before
        _secrets_absent(exc, secrets)
        if sent:
            STATS.record("raw", "NEW")
            raise AssertionError(
                f"{target}{call_text}: ValidationError after {sent} request(s): {exc}"
            ) from exc
        STATS.record("validation_error", target=target, detail=str(exc))
    except TelecrmError as exc:
        sent = recorder.count - before
        _secrets_absent(exc, secrets)
        if not sent:
            STATS.record("raw", "NEW")
            raise AssertionError(
                f"{target}{call_text}: {type(exc).__name__} with nothing sent "
                f"(only ValidationError may be): {exc}"
            ) from exc
        STATS.record("api_error", target=target, detail=str(exc))
    except Exception as exc:
        bug = known_bug(exc, target)
        STATS.record("raw", bug.id if bug else "NEW", target=target)
        if bug is None:
            raise AssertionError(
                f"{target}{call_text} raised a raw {type(exc).__module__}.{type(exc).__name__}: "
                f"{str(exc)[:300]}\n{''.join(traceback.format_exception(exc)[-6:])}"
            ) from exc
    else:
        STATS.record("returned", target=target)


# --- harnesses: one client per flavour, reused across examples ----------------------------------------------


class Harness:
    def __init__(self, flavor: str) -> None:
        self.flavor = flavor
        self.recorder = Recorder()
        transport = httpx.MockTransport(self.recorder)
        self.runner = asyncio.Runner() if flavor == "async" else None
        self.pool: httpx.Client | httpx.AsyncClient
        if flavor == "sync":
            self.pool = httpx.Client(transport=transport)
            self.client: Any = Telecrm(**self.arguments(http_client=self.pool))
        else:
            self.pool = httpx.AsyncClient(transport=transport)
            self.client = AsyncTelecrm(**self.arguments(http_client=self.pool))

    @staticmethod
    def arguments(**overrides: Any) -> dict[str, Any]:
        return {
            "enterprise_id": ENTERPRISE_ID,
            "token": SYNC_TOKEN,
            "ingest_token": ASYNC_TOKEN,
            "max_retries": 0,
            **overrides,
        }

    def mock_pool(self, flavor: str | None = None) -> httpx.Client | httpx.AsyncClient:
        transport = httpx.MockTransport(self.recorder)
        kind = flavor or self.flavor
        return httpx.Client(transport=transport) if kind == "sync" else httpx.AsyncClient(transport=transport)

    def run(self, make: Callable[[], Any]) -> Any:
        """``make()`` and, for async, await the result; pagers are iterated (at most a few pages)."""
        if self.runner is None:
            value = make()
            return list(value) if isinstance(value, Pager) else value

        async def go() -> Any:
            value = make()
            if inspect.isawaitable(value):
                value = await value
            if isinstance(value, AsyncPager):
                return [item async for item in value]
            return value

        return self.runner.run(go())

    def close(self) -> None:
        if self.runner is None:
            self.pool.close()
        else:
            self.runner.run(self.pool.aclose())
            self.runner.close()


@pytest.fixture(params=FLAVORS)
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    harness = Harness(request.param)
    yield harness
    harness.close()


@pytest.fixture(autouse=True, scope="module")
def _no_retry_waits() -> Iterator[None]:
    """Retries (timeouts on tiny per-call timeouts) go again at once instead of sleeping."""
    from telecrm._retry import RetryPolicy

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RetryPolicy, "delay", lambda self, attempt, headers=None: 0.0)
        yield


def _resolve(root: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        root = getattr(root, part)
    return root


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_any_arguments_to_a_method_succeed_or_raise_a_typed_error(target, harness):
    client = harness.client

    @PROFILE
    @given(TARGETS[target])
    def check(drawn: Call) -> None:
        def thunk() -> Any:
            args = tuple(materialize(arg) for arg in drawn.args)
            kwargs = {key: materialize(value) for key, value in drawn.kwargs.items()}
            root = client.with_raw_response if drawn.raw and target not in PAGERS | {"request"} else client
            method = _resolve(root, target)
            return harness.run(lambda: method(*args, **kwargs))

        judge(target, str(drawn), thunk, harness.recorder, (SYNC_TOKEN, ASYNC_TOKEN))

    check()


# --- with_options -------------------------------------------------------------------------------------------

with_options_kwargs = st.fixed_dictionaries(
    {}, optional={"timeout": timeout, "max_retries": max_retries, "headers": headers}
)


def test_any_with_options_succeed_or_raise_a_typed_error(harness):
    client = harness.client

    @PROFILE
    @given(with_options_kwargs, st.sampled_from(("leads.get", "ingest.upsert")))
    def check(kwargs: dict[str, Any], then: str) -> None:
        def thunk() -> Any:
            copy = client.with_options(**kwargs)
            follow = {
                "leads.get": lambda: copy.leads.get("L1"),
                "ingest.upsert": lambda: copy.ingest.upsert({"a": 1}),
            }
            return harness.run(follow[then])

        judge(
            "with_options",
            f"({show(kwargs)}) then {then}",
            thunk,
            harness.recorder,
            (SYNC_TOKEN, ASYNC_TOKEN),
        )

    check()


# --- constructors -------------------------------------------------------------------------------------------

token = mostly(
    st.sampled_from(("sync-tok-SECRET-9f8e7d", "T0K3N", "a" * 4096)),
    st.sampled_from(
        ("t\u00f6k\u20acn:SECRET", "tok SECRET", "Bearer SECRET", "SECRET\n", "SECRET\x7f", "\ud800SECRET")
    ),
)
base_url = mostly(
    st.sampled_from(
        (
            "https://next.telecrm.in/autoupdate/v2",
            "https://next.telecrm.in/autoupdate/v2/",
            "http://127.0.0.1:8080",
            "http://localhost",
            "http://[::1]:9",
            "https://api.example",
        )
    ),
    st.sampled_from(
        (
            "http://next.telecrm.in",
            "ftp://x",
            "https://",
            "https://user:SECRET@x.example",
            "https://x.example?q=1",
            "https://x.example:99999",
            "https://x.example:0",
            "https://[::1",
            "https://xn--.example",
            "https://a..b",
            "https://\u2603.example",
            "https://x.example/\ud800",
            "https://x.example/a\x00",
            "https://" + "a" * 300 + ".example",
        )
    ),
)
CONSTRUCTOR_REQUIRED = {
    "enterprise_id": mostly(st.sampled_from((ENTERPRISE_ID, "e", "x" * 500)), st.text(max_size=10)),
    "token": token,
    "ingest_token": token,
}
CONSTRUCTOR_ARGS = {
    "base_url": base_url,
    "ingest_base_url": base_url,
    "timeout": timeout,
    "max_retries": max_retries,
    "max_response_bytes": mostly(st.integers(1024, 2**40), st.integers(), pick((10**5000,))),
    "rate_limiter": st.one_of(
        st.none(),
        st.builds(LocalRateLimiter, st.floats(1, 1e12)),
        pick(("redis://localhost", object(), LocalRateLimiter, 5)),
    ),
}
http_client_kind = st.sampled_from(
    ("mock", "mock", "mock", "mock", "other-flavor", "str", "object", "none-given")
)


def test_any_constructor_arguments_succeed_or_raise_a_typed_error(harness):
    cls = Telecrm if harness.flavor == "sync" else AsyncTelecrm
    other = "async" if harness.flavor == "sync" else "sync"

    @PROFILE
    @given(st.fixed_dictionaries(CONSTRUCTOR_REQUIRED, optional=CONSTRUCTOR_ARGS), http_client_kind)
    def check(drawn: dict[str, Any], kind: str) -> None:
        kwargs = dict(drawn)
        if kind == "none-given":
            # The SDK's own pool would go to the network: only construction is tried.
            kwargs["base_url"] = kwargs["ingest_base_url"] = "https://unreachable.invalid"
        pool: Any = {
            "mock": lambda: harness.mock_pool(),
            "other-flavor": lambda: harness.mock_pool(other),
            "str": lambda: "http_client",
            "object": lambda: object(),
            "none-given": lambda: None,
        }[kind]()
        # A token must never be quoted; the same text given as another argument may be (and is not a leak).
        others = [value for name, value in kwargs.items() if name not in ("token", "ingest_token")]
        secrets = tuple(
            value
            for name in ("token", "ingest_token")
            if isinstance(value := kwargs.get(name), str)
            and len(value) >= 4
            and not any(isinstance(other, str) and value in other for other in others)
        )
        built: list[Any] = []

        def construct() -> Any:
            built.append(cls(**kwargs, http_client=pool))
            return built[-1]

        text = f"({show(kwargs)}, http_client={kind})"
        judge("constructor", text, construct, harness.recorder, secrets)
        if built and kind != "none-given":
            client = built[0]
            judge(
                "constructor",
                f"{text} then leads.get",
                lambda: harness.run(lambda: client.leads.get("L1")),
                harness.recorder,
                secrets,
            )
            judge(
                "constructor",
                f"{text} then ingest.upsert",
                lambda: harness.run(lambda: client.ingest.upsert({"a": 1})),
                harness.recorder,
                secrets,
            )
        for client in built:
            harness.run(client.close)
            repr(client)
            _secrets_absent(Exception(repr(client)), secrets)
        if isinstance(pool, httpx.Client):
            pool.close()
        elif isinstance(pool, httpx.AsyncClient):
            if harness.runner is not None:
                harness.run(pool.aclose)
            else:
                asyncio.run(pool.aclose())

    check()


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("argument", ["token", "ingest_token"])
@pytest.mark.parametrize("secret", ["t\u00f6k\u20acn:SECRET", "tok SECRET", "SECRET\n", "\ud800SECRET"])
def test_a_refused_token_is_never_quoted(flavor, argument, secret):
    cls = Telecrm if flavor == "sync" else AsyncTelecrm

    with pytest.raises(ValidationError) as caught:
        cls(enterprise_id=ENTERPRISE_ID, **{argument: secret})

    for text in (str(caught.value), repr(caught.value), "".join(traceback.format_exception(caught.value))):
        assert secret not in text
        assert secret.strip() not in text


@pytest.mark.parametrize("value", ["CustomAction", "Payment"])
def test_any_arguments_to_a_value_constructor_succeed_or_raise_validation_error(value):
    recorder = Recorder()
    strategy = {
        "CustomAction": st.tuples(
            code, st.fixed_dictionaries({}, optional={"fields": fields, "created_on": date_input})
        ),
        "Payment": st.tuples(
            st.tuples(st.one_of(nasty, st.just("5000")), st.sampled_from(("INR", "inr", 5)), payment_status),
            st.fixed_dictionaries({}, optional={"created_on": date_input}),
        ),
    }[value]
    factory = {"CustomAction": CustomAction, "Payment": Payment}[value]

    @PROFILE
    @given(strategy)
    def check(drawn: tuple[Any, dict[str, Any]]) -> None:
        first, kwargs = drawn
        args = (first,) if value == "CustomAction" else first
        judge(value, f"({show(args)}, {show(kwargs)})", lambda: factory(*args, **kwargs), recorder, ())

    check()


# --- bugs: minimal reproductions (an open bug's are strict xfails, via bug(id); fixed ones plain tests) ---


def bug(bug_id: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"BUG {bug_id}: {BUGS[bug_id]}")


def _constructed(harness: Harness, **overrides: Any) -> Any:
    cls = Telecrm if harness.flavor == "sync" else AsyncTelecrm
    return cls(**harness.arguments(**overrides))


def _then_get(harness: Harness, **overrides: Any) -> Any:
    client = _constructed(harness, **overrides)
    return client.leads.get("L1")


REPRODUCTIONS = [
    pytest.param(
        lambda h: h.client.leads.get("L1", extra_headers={"X-Note": "caf\u00e9"}),
        id="B01-extra_headers-value",
    ),
    pytest.param(
        lambda h: h.client.leads.get("L1", extra_headers={"X-Caf\u00e9": "1"}),
        id="B01-extra_headers-name",
    ),
    pytest.param(
        lambda h: h.client.with_options(headers={"X-Note": "caf\u00e9"}).leads.get("L1"),
        id="B01-with_options-headers",
    ),
    pytest.param(
        lambda h: h.client.leads.create({"phone": "919999999999"}, [CustomAction(1001, created_on="\ud800")]),
        id="B02-created_on-string",
    ),
    pytest.param(
        lambda h: h.client.ingest.upsert(
            {"phone": "919999999999"}, [Payment("1", "INR", "PENDING", created_on="\ud800")]
        ),
        id="B02-payment-created_on-string",
    ),
    pytest.param(lambda h: h.client.actions.search("L1", type="\ud800"), id="B02-action-type-filter"),
    pytest.param(
        lambda h: h.client.actions.search("L1", created_on=("\ud800", None)),
        id="B02-date-range-string",
    ),
    pytest.param(lambda h: h.client.leads.search(fields={"\ud800": "x"}), id="B02-search-field-name"),
    pytest.param(
        lambda h: h.client.leads.search(actions={"type": "\ud800"}),
        id="B02-search-actions-type",
    ),
    pytest.param(
        lambda h: h.client.leads.get("L1", extra_query={"q": "\ud800"}),
        id="B02-extra_query",
    ),
    pytest.param(
        lambda h: h.client.leads.update("L1", {"a": 1}, extra_body={"note": "\ud800"}),
        id="B02-extra_body",
    ),
    pytest.param(
        lambda h: h.client.request("GET", "/x", params={"q": "\ud800"}),
        id="B02-request-params",
    ),
    pytest.param(
        lambda h: h.client.request("POST", "/x", json={"q": "\ud800"}),
        id="B02-request-json",
    ),
    pytest.param(lambda h: _then_get(h, base_url="https://x.example/\ud800"), id="B02-base_url"),
    pytest.param(
        lambda h: h.client.leads.update("L1", {"a": 1}, extra_body={"x": float("nan")}),
        id="B03-extra_body-nan",
    ),
    pytest.param(
        lambda h: h.client.leads.update("L1", {"a": 1}, extra_body={"x": {1}}),
        id="B03-extra_body-set",
    ),
    pytest.param(
        lambda h: h.client.leads.update("L1", {"a": 1}, extra_body={"x": Decimal("NaN")}),
        id="B03-extra_body-decimal",
    ),
    pytest.param(
        lambda h: h.client.leads.update("L1", {"a": 1}, extra_body={"x": [datetime(1960, 1, 1, tzinfo=UTC)]}),
        id="B03-extra_body-date",
    ),
    pytest.param(
        lambda h: h.client.leads.update("L1", {"a": 1}, extra_body={"x": {(1, 2): "tuple key"}}),
        id="B03-extra_body-tuple-key",
    ),
    pytest.param(
        lambda h: h.client.leads.update("L1", {"a": 1}, extra_body={"x": DEEP[100_000, "list"]}),
        id="B03-extra_body-deep",
    ),
    pytest.param(
        lambda h: h.client.request("POST", "/x", json=float("inf")),
        id="B03-request-json-inf",
    ),
    pytest.param(
        lambda h: h.client.request("POST", "/x", json=[10**5000]),
        id="B03-request-json-huge-int",
    ),
    pytest.param(
        lambda h: h.client.leads.create({"phone": "919999999999"}, [{"type": "1001", BAD_REPR: 1}]),
        id="B04-action-dict-key-bad-repr",
    ),
    pytest.param(
        lambda h: h.client.leads.create({"phone": "919999999999"}, [{"type": "1001", 10**5000: 1}]),
        id="B04-action-dict-key-huge-int",
    ),
    pytest.param(lambda h: h.client.leads.search(actions={BAD_REPR: 1}), id="B04-search-actions-key"),
    pytest.param(
        lambda h: h.client.actions.search("L1", created_on={10**5000: 1}),
        id="B04-date-range-key",
    ),
    pytest.param(lambda h: h.client.request(["GET"], "/x"), id="B05-request-method-list"),
    pytest.param(lambda h: h.client.request((Decimal("sNaN"),), "/x"), id="B05-request-method-snan"),
    pytest.param(lambda h: h.client.with_options(headers=["X-A"]), id="B06-headers-not-a-mapping"),
    pytest.param(
        lambda h: h.client.with_options(headers={"X-Retry": 1}).leads.get("L1"),
        id="B06-header-value-int",
    ),
    pytest.param(
        lambda h: h.client.with_options(headers={1: "x"}).leads.get("L1"),
        id="B06-header-name-int",
    ),
    pytest.param(lambda h: _constructed(h, http_client="http://proxy"), id="B07-http_client-str"),
    pytest.param(
        lambda h: _constructed(h, http_client=h.mock_pool("async" if h.flavor == "sync" else "sync")),
        id="B07-http_client-other-flavour",
    ),
    pytest.param(lambda h: h.client.request("GET", "/" + "a" * 100_000), id="B08-request-path-long"),
    pytest.param(
        lambda h: h.client.leads.get("L1", extra_query={"q": "x" * 100_000}),
        id="B08-extra_query-long",
    ),
    pytest.param(lambda h: _then_get(h, base_url="https://xn--.example"), id="B08-base_url-idna"),
    pytest.param(lambda h: _then_get(h, base_url="https://x.example/a\x00"), id="B08-base_url-nul"),
    pytest.param(lambda h: h.client.leads.update("L1", {"a": Decimal("sNaN")}), id="B09-field-snan"),
    pytest.param(
        lambda h: h.client.leads.create({"phone": "919999999999", "budget": [Decimal("sNaN")]}),
        id="B09-field-nested-snan",
    ),
    pytest.param(
        lambda h: h.client.leads.get("L1", extra_query={"q": object()}),
        id="B10-extra_query-object",
    ),
    pytest.param(
        lambda h: h.client.leads.get("L1", extra_query={"q": {"a": 1}}),
        id="B10-extra_query-dict",
    ),
    pytest.param(
        lambda h: h.client.leads.get("L1", extra_query={"q": BAD_REPR}),
        id="B10-extra_query-bad-repr",
    ),
    pytest.param(
        lambda h: h.client.request("GET", "/x", params={"q": {10**5000: None}}),
        id="B10-request-params-huge",
    ),
    pytest.param(
        lambda h: h.client.leads.create({"phone": "919999999999"}, [CustomAction(1001, created_on=10**400)]),
        id="B11-created_on-10e400-sent",
    ),
    pytest.param(
        lambda h: h.client.actions.search("L1", created_on=(None, 10**5000)),
        id="B11-range-10e5000",
    ),
    pytest.param(
        lambda h: h.client.request("POST", "/x", json={}, cast_to=5),
        id="B12-cast_to-not-callable",
    ),
    pytest.param(
        lambda h: h.client.leads.create({"phone": "919999999999"}, strict=BAD_BOOL),
        id="B19-strict-after-sending",
    ),
    pytest.param(
        lambda h: h.client.leads.get("L1", include_actions=BAD_BOOL),
        id="B19-include_actions",
    ),
    pytest.param(lambda h: h.client.workspace.custom_fields(BAD_BOOL), id="B19-detail"),
]


@pytest.mark.parametrize("make", REPRODUCTIONS)
def test_each_reproduction_is_refused_with_validation_error_and_nothing_sent(make, harness):
    before = harness.recorder.count

    with pytest.raises(ValidationError):
        harness.run(lambda: make(harness))

    assert harness.recorder.count == before


def test_every_open_bug_has_a_reproduction_and_every_signature_a_bug():
    reproduced = {param.id.split("-")[0] for param in REPRODUCTIONS}

    assert set(BUGS) <= reproduced
    assert {known.id for known in KNOWN_BUGS} <= set(BUGS)
