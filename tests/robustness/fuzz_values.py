"""Hypothesis strategies for the argument fuzz: mostly valid values (so calls get deep), and nasty ones.

"Nasty" covers wrong types, NaN and infinities, ints too large to print (``10**5000``), negatives, lone
surrogates, NUL, strings of 10^5-10^6 characters (pre-built, drawn rarely), bytes, sets, frozensets, lists and
dicts nested 33 to 100,000 deep, dicts with non-str keys, dates nested in lists, Decimals (NaN, sNaN, huge
exponents), objects whose ``__repr__`` raises, ``None`` and bools.

Values the SDK must construct itself (``CustomAction``, ``Payment``, an iterator) are drawn as :class:`Lazy`
recipes and built inside the call under test, so a constructor's refusal counts as that call's outcome.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import httpx
from hypothesis import strategies as st

from telecrm import ActionType, Currency, CustomAction, Payment, PaymentStatus

# --- values no strategy should build afresh every time -------------------------------------------------


class BadRepr:
    """An object whose ``repr()`` and ``str()`` raise (hashable, so it can be a dict key or set member)."""

    def __repr__(self) -> str:
        raise RuntimeError("BadRepr.__repr__ refuses")

    __str__ = __repr__

    def __hash__(self) -> int:
        return 7


BAD_REPR = BadRepr()


class BadBool:
    """An object whose truth value raises, as a numpy array's or a pandas Series' does."""

    def __bool__(self) -> bool:
        raise ValueError("BadBool.__bool__ refuses: the truth value of an array is ambiguous")

    def __repr__(self) -> str:
        return "BadBool()"


BAD_BOOL = BadBool()


def nest(depth: int, kind: str) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    return value


# Built once: a 100,000-deep structure takes a while to build, and the SDK must not mutate what it is given.
DEEP = {(depth, kind): nest(depth, kind) for depth in (33, 50, 1_000, 100_000) for kind in ("list", "dict")}
LONG_STRINGS = ("x" * 100_000, "\u00e9" * 200_000, "7" * 1_000_000)
HUGE_INTS = (10**400, 10**5000, -(10**400), 2**53, -(2**53), 2**64)

NASTY_SCALARS: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    -(2**31),
    *HUGE_INTS,
    math.nan,
    math.inf,
    -math.inf,
    -0.0,
    1e308,
    5e-324,
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    Decimal("1E+999999"),
    Decimal("1E-999999"),
    Decimal("-0"),
    "",
    " ",
    "\t\n",
    "\ud800",
    "\udfff",
    "a\ud800b",
    "a\x00b",
    "\x00",
    "\u00e9",
    "t\u00f6k\u20acn:SECRET",
    "\U0001f600",
    "\u202e",
    "\r\n",
    "ACTION_",
    "ACTION_1001",
    "1001",
    "01001",
    "PAYMENT",
    "PAID",
    "OUTGOING_CALL",
    ".",
    "..",
    "/",
    "%2e%2e",
    "?x=1#y",
    b"bytes",
    b"\xff\xfe",
    bytearray(b"x"),
    memoryview(b"x"),
    set(),
    {1, 2},
    {"\ud800"},
    frozenset(),
    frozenset({"a", "b"}),
    (),
    [],
    {},
    object(),
    BAD_REPR,
    BAD_BOOL,
    date(1, 1, 1),
    date(9999, 12, 31),
    datetime.max,
    datetime.min,
    datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2024, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    timedelta(days=1),
    complex(1, 2),
    range(3),
    Ellipsis,
    NotImplemented,
    int,
    str,
    print,
    httpx.Timeout(5.0),
)


def pick(values: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    """``st.sampled_from(values)`` that never ``repr()``s them (hypothesis labels some strategies by their
    repr, and these values include a 5,000-digit int and an object whose repr raises)."""
    return st.sampled_from(range(len(values))).map(values.__getitem__)


def weighted(*choices: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """One of the strategies, each about ``weight`` times as likely as a weight of 1 (``st.one_of`` has no
    weights, and merges repeated branches)."""
    slots = tuple(strategy for weight, strategy in choices for _ in range(weight))
    return st.sampled_from(range(len(slots))).flatmap(slots.__getitem__)


nasty_scalar = pick(NASTY_SCALARS)
deep_value = st.sampled_from(sorted(DEEP, key=str)).map(DEEP.__getitem__)
long_string = st.sampled_from(LONG_STRINGS)
# Any code point, lone surrogates included (st.text() leaves them out by default).
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)

nasty_key = st.one_of(
    pick((1, -1, 1.5, None, True, (1, 2), b"k", BAD_REPR, 10**5000, frozenset({1}), "", "\ud800", "a\x00")),
    any_text,
)


@st.composite
def _nested_nasty(draw: st.DrawFn) -> Any:
    inner = draw(nasty_scalar)
    return draw(
        pick(
            (
                [inner],
                [[inner]],
                {"k": inner},
                {"k": [inner, 1]},
                (inner,),
                [date(2024, 1, 2), [datetime(2024, 1, 2, 3, 4, 5)], inner],
            )
        )
    )


nasty = weighted(
    (8, nasty_scalar),
    (2, deep_value),
    (2, _nested_nasty()),
    (1, st.dictionaries(nasty_key, nasty_scalar, min_size=1, max_size=2)),
    (2, any_text),
    (1, st.integers()),
    (1, st.floats()),
    (1, long_string),
)


def mostly(valid: st.SearchStrategy[Any], *extra: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``valid`` about seven times in eight (so most calls get past their first checks and deep into the SDK),
    else a nasty value or one of ``extra``."""
    return weighted((7, valid), (1, st.one_of(nasty, *extra)))


# --- field values ------------------------------------------------------------------------------------

field_name = st.one_of(
    st.sampled_from(
        ("name", "phone", "email", "city", "rating", "dob", "a b", "\u00e9", "created_on", "status")
    ),
    st.text(min_size=1, max_size=12),
)
valid_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53) + 1, 2**53 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.sampled_from((UTC, timezone(timedelta(hours=-7))))),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9),
)
#: Decimals of any size: more digits than a double holds, exponents far past its range (issue 18: sent as
#: the nearest float until the number rule refused them).
huge_decimal = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False),
    st.builds(
        lambda digits, exponent: Decimal(f"{digits}E{exponent}"),
        st.integers(1, 10**40),
        st.integers(-(10**6), 10**6),
    ),
    st.integers(2**53 - 5, 2**53 + 5).map(Decimal),
)
leaf = weighted((12, valid_leaf), (1, nasty_scalar), (1, huge_decimal))
json_like = st.recursive(
    leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(field_name, children, max_size=4),
        st.dictionaries(nasty_key, children, min_size=1, max_size=2),
    ),
    max_leaves=10,
)
fields = mostly(st.dictionaries(field_name, json_like, min_size=1, max_size=5), st.just({}))
optional_fields = st.one_of(st.none(), fields)

# --- ids, emails, codes, dates, money -------------------------------------------------------------------

identifier = mostly(
    st.one_of(
        st.sampled_from(("L1", "lead-42", "a/b", "%2e%2e", "\u00e9", "x" * 1024, "x" * 1025, " L1 ")),
        st.text(min_size=1, max_size=20),
    )
)
email = mostly(
    st.one_of(
        st.sampled_from(("asha@acme.example", "  asha@acme.example ", "a@b.c", "a@@b.co", "a b@c.de")),
        st.emails(),
    )
)
code = mostly(
    st.one_of(
        st.integers(1, 10**6),
        st.sampled_from(
            (1001, "1001", "ACTION_1001", "action_1001", "ACTION_ 1", 10**18 - 1, 10**18, "9" * 5000)
        ),
        st.sampled_from(
            (
                "ACTION_",
                "abc",
                0,
                -5,
                True,
                "OUTGOING_CALL",
                "PAYMENT",
                "01001",
                "ACTION_\u0661\u0660\u0660\u0661",
            )
        ),
    )
)
date_input = mostly(
    st.one_of(
        st.datetimes(),
        st.datetimes(timezones=st.sampled_from((UTC, timezone(timedelta(hours=5, minutes=30))))),
        st.dates(),
        st.integers(-10, 2**60),
        st.sampled_from(("01/01/2024", "01/01/2024 10:00:00", "2024-01-01", 1_700_000_000_000)),
        st.text(max_size=12),
    ),
    pick((10**16, 2**53, 10**400, 10**5000, 1.5e12)),
)
date_range = st.one_of(
    st.tuples(st.one_of(st.none(), date_input), st.one_of(st.none(), date_input)),
    st.fixed_dictionaries({}, optional={"from": date_input, "to": date_input}),
    st.dictionaries(nasty_key, date_input, max_size=2),
    st.lists(date_input, max_size=3),
    nasty,
)
amount = mostly(
    st.one_of(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**12), places=2),
        st.integers(1, 10**12),
        st.sampled_from(("5000", "5E+3", "5000.50", ".5", "1e-2")),
    ),
    st.sampled_from(
        ("-1", "0", "1e999999999", "1_000", " 5", "NaN", "\u0661\u0660", "5e99999999999999999999")
    ),
    st.decimals(),
)
currency = mostly(st.sampled_from([*Currency, "INR", "USD"]), st.sampled_from(("inr", "XXX")))
payment_status = mostly(
    st.sampled_from([*PaymentStatus, "COMPLETED"]), st.sampled_from(("PAID", "completed", "DONE"))
)


@attrs.frozen
class Lazy:
    """A value built when the call under test runs: ``factory(*args, **kwargs)``."""

    factory: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = attrs.field(factory=dict)

    def build(self) -> Any:
        return self.factory(*self.args, **self.kwargs)


def _optional_kwargs(**strategies: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=strategies)


custom_action = st.builds(
    lambda c, kw: Lazy(CustomAction, (c,), kw),
    code,
    _optional_kwargs(fields=optional_fields, created_on=st.one_of(st.none(), date_input)),
)
payment = st.builds(
    lambda a, c, s, kw: Lazy(Payment, (a, c, s), kw),
    amount,
    currency,
    payment_status,
    _optional_kwargs(created_on=st.one_of(st.none(), date_input)),
)
_action_extra = _optional_kwargs(fields=optional_fields, created_on=date_input)
custom_action_dict = st.builds(
    lambda c, extra: {"type": c, **extra},
    code,
    weighted((6, _action_extra), (1, st.fixed_dictionaries({"bogus": nasty}))),
)
payment_dict = st.builds(
    lambda a, c, s, extra: {"type": "PAYMENT", "amount": a, "currency": c, "status": s, **extra},
    amount,
    currency,
    payment_status,
    _optional_kwargs(created_on=date_input, paymentid=st.text(max_size=5)),
)
action_item = mostly(
    st.one_of(custom_action, payment, custom_action_dict, payment_dict),
    st.dictionaries(nasty_key, nasty, max_size=3),
)
actions = mostly(
    st.one_of(
        st.lists(action_item, max_size=4),
        st.lists(action_item, max_size=3).map(tuple),
        st.lists(action_item, max_size=3).map(lambda items: Lazy(iter, (items,))),
    ),
    st.just(CustomAction(1001)),
    st.just("ACTION_1001"),
)
# What actions.update takes: one action, custom or payment, object or dict.
action_update = mostly(
    st.one_of(
        custom_action,
        custom_action_dict,
        st.builds(lambda s: {"type": "PAYMENT", "status": s}, payment_status),
        payment,
        payment_dict,
    )
)
type_filter = mostly(
    st.one_of(
        st.sampled_from(list(ActionType)),
        code,
        st.text(max_size=15),
        custom_action,
        st.lists(st.one_of(st.sampled_from(list(ActionType)), code), max_size=3),
        st.frozensets(st.sampled_from(list(ActionType)), max_size=3),
    )
)

# --- per-call options ------------------------------------------------------------------------------------

header_name = st.one_of(
    st.sampled_from(
        ("X-Trace", "User-Agent", "user-agent", "authorization", "X-\u00c9", "bad name", "", "x\r\ny")
    ),
    any_text,
)
header_value = st.one_of(
    st.sampled_from(("v", "\u00e9", "t\u00f6k\u20acn:SECRET", "a\r\nb", "", " ", "\x00", "x" * 10_000)),
    any_text,
    nasty_scalar,
)
headers = mostly(
    st.dictionaries(header_name, header_value, max_size=3), st.dictionaries(nasty_key, st.just("v"))
)
query_value = st.one_of(st.text(max_size=10), st.integers(), st.floats(), st.booleans(), any_text, nasty)
timeout = mostly(
    st.one_of(
        st.floats(min_value=1.0, max_value=86_400.0),
        st.integers(1, 86_400),
        st.builds(httpx.Timeout, st.floats(min_value=1.0, max_value=60.0)),
    ),
    st.floats(),
    st.sampled_from(
        (0, -1, 86_401, 10**400, math.nan, math.inf, httpx.Timeout(None), httpx.Timeout(5, connect=-1))
    ),
    st.builds(lambda v: httpx.Timeout(5.0, read=v), nasty_scalar),
)
max_retries = mostly(st.integers(0, 3), st.integers(), st.sampled_from((21, 10**400, True, 2.0, "2")))
options = weighted(
    (12, st.just({})),
    (
        4,
        _optional_kwargs(
            extra_headers=headers,
            extra_query=mostly(
                st.dictionaries(st.text(max_size=10), query_value, max_size=3),
                st.dictionaries(nasty_key, st.just("v")),
            ),
            extra_body=mostly(
                st.dictionaries(st.text(max_size=10), json_like, max_size=3),
                st.dictionaries(nasty_key, json_like),
            ),
            timeout=timeout,
            max_retries=max_retries,
        ),
    ),
    (1, st.fixed_dictionaries({"bogus_option": nasty_scalar})),
)

# --- showing a falsifying example ------------------------------------------------------------------------

_REPR = reprlib.Repr()
_REPR.maxlevel = 4
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlist = _REPR.maxdict = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = 4


def show(value: Any, depth: int = 0) -> str:
    """A short repr of any argument value, whatever it is (a 5,000-digit int, a 100,000-deep list,
    BadRepr)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return f"<int of {value.bit_length()} bits>"
    if isinstance(value, Lazy):
        name = getattr(value.factory, "__name__", "factory")
        return f"{name}(*{show(value.args, depth + 1)}, **{show(value.kwargs, depth + 1)})"
    if isinstance(value, list | tuple | dict) and value and depth >= 4:
        return f"{type(value).__name__}[...]"
    if isinstance(value, list | tuple) and value:
        inner = ", ".join(show(item, depth + 1) for item in list(value)[:4])
        return f"{type(value).__name__}[{inner}{', ...' if len(value) > 4 else ''}]"
    if isinstance(value, dict) and value:
        inner = ", ".join(f"{show(k, depth + 1)}: {show(v, depth + 1)}" for k, v in list(value.items())[:4])
        return f"{{{inner}{', ...' if len(value) > 4 else ''}}}"
    try:
        return _REPR.repr(value)
    except Exception:
        return f"<{type(value).__name__} whose repr fails>"
