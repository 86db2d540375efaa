"""Actions: what can be written (custom actions and payments), how codes are spelled, and how reads decode.

The API spells a custom-action code two ways: the bare number (``"1001"``) on every Sync call, and
``"ACTION_1001"`` on the Async API and in the custom-action lookup path. The SDK stores the number and writes
the form each place needs; this module is the only place that knows the ``ACTION_`` rule.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Set
from decimal import Decimal
from typing import Final, Literal, TypeVar

from ._checks import field_values, preview, text
from ._dates import DateInput, encode_datetime
from ._errors import ValidationError
from ._value import JSONReady, field, frozen_mapping, init, value
from ._vocabulary import ActionType, Currency, PaymentStatus

__all__ = [
    "CustomAction",
    "Payment",
    "TimelineEntry",
    "action_from_api",
    "action_type_filter",
    "action_update_body",
    "as_action",
    "as_actions",
    "async_code",
    "custom_action_code",
    "format_amount",
    "payment_amount",
    "payment_status_update",
    "sync_code",
    "write_action",
]

_PREFIX: Final = "ACTION_"
_CODE: Final = re.compile(r"(?:ACTION_)?([0-9]+)")
# Real codes have four digits; the cap keeps absurd input from becoming an absurdly long int.
_MAX_CODE_DIGITS: Final = 18

# Plain ASCII decimal notation. Decimal() alone would also take whitespace, "_" separators, non-ASCII digits,
# "NaN" and "Infinity".
_AMOUNT: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# No real amount needs more digits; the cap also stops "1E+999999999" from expanding to a gigabyte of zeros.
_MAX_AMOUNT_DIGITS: Final = 40
_MAX_AMOUNT_BITS: Final = 134  # 2**134 > 10**40: any int this wide has more digits than an amount may

_E = TypeVar("_E", bound=enum.StrEnum)


# --- custom-action codes ---


def custom_action_code(value: object) -> int:
    """The number of a custom action given as ``1001``, ``"1001"`` or ``"ACTION_1001"``.

    Matching is exact: no whitespace, sign or leading zero (the server compares codes as strings, so
    ``"01001"`` would not be custom action 1001), ASCII digits only, and the prefix is ``ACTION_`` in upper
    case. Built-in type names such as ``"OUTGOING_CALL"`` are refused: only custom actions and payments can be
    written. Every refusal is a ``ValidationError`` that says why.
    """
    if isinstance(value, bool):
        raise ValidationError(f"{value!r} is not a custom action code: a bool is not a number")
    if isinstance(value, int):
        return _checked_code(value, preview(value))
    if isinstance(value, str):
        match = _CODE.fullmatch(value)
        if match is None:
            raise ValidationError(_why_not_a_code(value))
        digits = match[1]
        if len(digits) > 1 and digits.startswith("0"):
            raise ValidationError(
                f"{preview(value)} has a leading zero: codes are compared as strings, so it would not match "
                f"custom action {int(digits)}; write {digits.lstrip('0') or '0'}"
            )
        if len(digits) > _MAX_CODE_DIGITS:
            raise ValidationError(f"{preview(value)} is too long to be a custom action code")
        return _checked_code(int(digits), preview(value))
    if isinstance(value, float):
        raise ValidationError(f"{value!r} is a float; a custom action code is an int such as 1001")
    raise ValidationError(
        "a custom action code is an int or str such as 1001, '1001' or 'ACTION_1001', "
        f"not {type(value).__name__}"
    )


def _checked_code(code: int, shown: str) -> int:
    if code <= 0:
        raise ValidationError(f"{shown} is not a custom action code: codes are numbers greater than 0")
    if code >= 10**_MAX_CODE_DIGITS:
        raise ValidationError(f"{shown} is too large to be a custom action code")
    return code


def _why_not_a_code(value: str) -> str:
    shown = preview(value)
    if not value:
        return "an empty string is not a custom action code; expected a number such as 1001"
    if value == "PAYMENT":
        return "'PAYMENT' is not a custom action code: write a payment with Payment(amount, currency, status)"
    if value in ActionType.__members__:  # member names equal their values
        return (
            f"{shown} is a built-in action type: only custom actions and payment actions can be written. "
            "Record it as a custom action, e.g. CustomAction(1001, fields={...}) for a workspace action "
            "that represents the call or message"
        )
    if any(ch.isspace() for ch in value):
        compact = "".join(value.split())
        if _CODE.fullmatch(compact):
            return f"{shown} contains whitespace: custom action codes are matched exactly; write {compact!r}"
        return _NAME_NOT_CODE.format(shown=shown)
    if value.upper().startswith(_PREFIX) and not value.startswith(_PREFIX):
        return f"{shown}: the prefix is 'ACTION_' in upper case, e.g. 'ACTION_1001'"
    number = value.removeprefix(_PREFIX)
    if not number:
        return f"{shown} has no number after 'ACTION_', e.g. 'ACTION_1001'"
    if number[0] in "+-":
        return f"{shown} has a sign: custom action codes are positive numbers written without one"
    if number.isdigit():  # isdigit() is true for every script's digits; only 0-9 reached this point unmatched
        return f"{shown} uses non-ASCII digits: write the code with the digits 0-9"
    return _NAME_NOT_CODE.format(shown=shown)


_NAME_NOT_CODE: Final = (
    "{shown} is not a custom action code: use the action's numeric code, e.g. 1001 (also '1001' or "
    "'ACTION_1001'), from the ID column of Settings → Custom Actions; client.workspace.custom_actions() "
    "lists each code with its name"
)


def sync_code(code: int | str) -> str:
    """The form the Sync API writes and reads: ``"1001"``. Takes every form ``custom_action_code`` takes."""
    return str(custom_action_code(code))


def async_code(code: int | str) -> str:
    """The form the Async API and the custom-action lookup path need: ``"ACTION_1001"``."""
    return f"{_PREFIX}{custom_action_code(code)}"


def action_type_filter(value: ActionType | CustomAction | int | str) -> str:
    """A ``type`` value for searching actions or leads.

    An ``ActionType`` gives its value; a custom action or its code (``1001``, ``"1001"``, ``"ACTION_1001"``)
    gives the bare ``"1001"`` that Sync search expects. Any other string is passed through unchanged, so types
    this SDK does not know yet can still be searched.
    """
    if isinstance(value, ActionType):
        return value.value
    if isinstance(value, CustomAction):
        return sync_code(value.code)
    if isinstance(value, str) and not _looks_like_code(value):
        return text(value, "an action type")
    return sync_code(value)


def _looks_like_code(value: str) -> bool:
    # "", digits of any script and any ACTION_ spelling go through custom_action_code, which refuses what it
    # cannot read; everything else is somebody's type name.
    return not value or value.isdigit() or value.upper().startswith(_PREFIX)


# --- payments ---


def payment_amount(value: object) -> Decimal:
    """A payment amount as a ``Decimal``: a ``Decimal``, ``int`` or plain numeric ``str``, finite and > 0.

    Strings are plain ASCII decimal notation (``"5000"``, ``"5000.50"``, ``"5E+3"``) without whitespace or
    separators. A ``float`` is refused: binary floating point cannot hold most decimal amounts exactly.
    """
    if isinstance(value, bool):
        raise ValidationError(f"{value!r} is not an amount: a bool is not a number")
    if isinstance(value, float):
        raise ValidationError(
            f"{value!r} is a float: money is not binary floating point (0.1 is stored as "
            "0.1000000000000000055511151231257827…); pass a str such as '5000.50' or a Decimal"
        )
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        if value.bit_length() > _MAX_AMOUNT_BITS:
            raise ValidationError(
                f"{preview(value)} needs more than {_MAX_AMOUNT_DIGITS} digits and is not an amount"
            )
        amount = Decimal(value)
    elif isinstance(value, str):
        if not _AMOUNT.fullmatch(value):
            raise ValidationError(
                f"{preview(value)} is not a plain decimal number such as '5000' or '5000.50' "
                "(no spaces, separators or currency symbols)"
            )
        try:
            amount = Decimal(value)
        except ArithmeticError:  # an exponent beyond what Decimal can hold, e.g. "1e99999999999999999999"
            raise ValidationError(f"{preview(value)} is out of range for an amount") from None
    else:
        raise ValidationError(f"an amount is a Decimal, int or numeric str, not {type(value).__name__}")
    if not amount.is_finite():
        raise ValidationError(f"{preview(value)} is not a finite amount")
    if amount <= 0:
        raise ValidationError(f"a payment amount must be greater than 0, got {preview(value)}")
    if _plain_digits(amount) > _MAX_AMOUNT_DIGITS:
        raise ValidationError(
            f"{preview(value)} needs more than {_MAX_AMOUNT_DIGITS} digits and is not a payment amount"
        )
    return amount


def format_amount(amount: Decimal) -> str:
    """``amount`` in plain decimal notation, as the API wants it: ``Decimal("5E+3")`` → ``"5000"``.

    The given scale is kept (``"5000.50"`` stays ``"5000.50"``); exponent notation is never produced.
    """
    return format(amount, "f")


def _plain_digits(amount: Decimal) -> int:
    """How many digits ``format_amount`` writes for a finite ``amount``."""
    significant, magnitude = len(amount.as_tuple().digits), amount.adjusted()
    return max(magnitude + 1, 1) + max(significant - 1 - magnitude, 0)


def _currency(value: object) -> Currency:
    return _member(Currency, value, "currency")


def _payment_status(value: object) -> PaymentStatus:
    if value == "PAID":
        raise ValidationError("'PAID' is not a payment status: a settled payment is 'COMPLETED'")
    return _member(PaymentStatus, value, "payment status")


def _member(enum_type: type[_E], value: object, what: str) -> _E:
    if isinstance(value, str):
        try:
            return enum_type(value)
        except ValueError:
            pass
    allowed = ", ".join(enum_type)
    if not isinstance(value, str):
        raise ValidationError(f"a {what} is a str, one of {allowed}; got {type(value).__name__}")
    if value.upper() in enum_type.__members__:
        raise ValidationError(
            f"{preview(value)} is not a {what}: values are upper case, e.g. {value.upper()!r}"
        )
    raise ValidationError(f"{preview(value)} is not a {what}; allowed: {allowed}")


# --- action values ---


def _frozen_fields(fields: object) -> Mapping[str, object]:
    if fields is None:
        return frozen_mapping({})
    if not isinstance(fields, Mapping):
        raise ValidationError(f"fields is a mapping of field API name to value, not {type(fields).__name__}")
    field_values(fields, allow_empty=True)  # checked here, so a bad value fails where the action is made
    return frozen_mapping(fields)


def _checked_created_on(value: DateInput | None) -> DateInput | None:
    if value is not None:
        encode_datetime(value)
    return value


@value
class CustomAction(JSONReady):
    """A workspace-defined action to record on a lead's timeline.

    ``code`` may be given as ``1001``, ``"1001"`` or ``"ACTION_1001"`` and is stored as the number.
    ``fields`` maps the action's field API names to values (datetimes and dates are written in API form);
    it is copied, so later changes to the mapping passed in do not affect the action. ``created_on``
    backdates the action (the server ignores it for actions that do not allow predating); without it the
    server uses "now".

    On actions read from the API, ``extra`` holds any keys this SDK does not model; it is never sent.
    """

    code: int
    fields: Mapping[str, object] = field(hash=False)
    created_on: DateInput | None = None
    extra: Mapping[str, object] = field(default=frozen_mapping({}), hash=False)

    def __init__(
        self,
        code: int | str,
        fields: Mapping[str, object] | None = None,
        created_on: DateInput | None = None,
    ) -> None:
        init(self, custom_action_code(code), _frozen_fields(fields), _checked_created_on(created_on))

    def to_sync(self) -> dict[str, object]:
        """The Sync API body for this action: ``{"type": "1001", "fields"?: …, "created_on"?: …}``."""
        return self._body(sync_code(self.code))

    def to_async(self) -> dict[str, object]:
        """The Async API body for this action: ``{"type": "ACTION_1001", "fields"?: …, "created_on"?: …}``."""
        return self._body(async_code(self.code))

    def _body(self, type_: str) -> dict[str, object]:
        body: dict[str, object] = {"type": type_}
        if self.fields:
            body["fields"] = field_values(self.fields)
        if self.created_on is not None:
            body["created_on"] = encode_datetime(self.created_on)
        return body


@value
class Payment(JSONReady):
    """A payment recorded on a lead. Its amount and currency never change once created; only its status does.

    ``amount`` is a ``Decimal``, ``int`` or plain numeric ``str``, finite and > 0 (never a ``float``), and is
    sent as a plain decimal string. ``currency`` and ``status`` take the enum members or their string values.

    Payments read from the API are decoded leniently: a status or currency this SDK does not know yet, or an
    amount it cannot parse, is kept as the server's string, and unmodelled keys land in ``extra``.
    """

    amount: Decimal | str
    currency: Currency | str
    status: PaymentStatus | str
    created_on: DateInput | None = None
    extra: Mapping[str, object] = field(default=frozen_mapping({}), hash=False)

    def __init__(
        self,
        amount: Decimal | int | str,
        currency: Currency | str,
        status: PaymentStatus | str,
        created_on: DateInput | None = None,
    ) -> None:
        init(
            self,
            payment_amount(amount),
            _currency(currency),
            _payment_status(status),
            _checked_created_on(created_on),
        )

    def to_sync(self) -> dict[str, object]:
        """The body for this payment; Sync and Async use the same one."""
        amount = format_amount(self.amount) if isinstance(self.amount, Decimal) else self.amount
        body: dict[str, object] = {
            "type": ActionType.PAYMENT.value,
            "amount": amount,
            "currency": str(self.currency),
            "status": str(self.status),
        }
        if self.created_on is not None:
            body["created_on"] = encode_datetime(self.created_on)
        return body

    def to_async(self) -> dict[str, object]:
        """The body for this payment; Sync and Async use the same one."""
        return self.to_sync()


@value
class TimelineEntry(JSONReady):
    """A timeline entry that is neither a custom action nor a payment, such as a call or a system event.

    ``type`` is an ``ActionType`` when the SDK knows it, else the server's string (``None`` if it sent none);
    ``raw`` is the entry as the server sent it.
    """

    type: ActionType | str | None
    raw: Mapping[str, object] = field(hash=False)


def payment_status_update(status: PaymentStatus | str) -> dict[str, object]:
    """The body that changes a payment's status, the only thing about a payment that can change."""
    return {"type": ActionType.PAYMENT.value, "status": str(_payment_status(status))}


def as_action(value: object) -> CustomAction | Payment:
    """``value`` as an action to write: a ``CustomAction``, a ``Payment``, or a dict shaped like the API's.

    ``{"type": "PAYMENT", "amount", "currency", "status", "created_on"?}`` becomes a ``Payment``;
    ``{"type": "1001" | "ACTION_1001" | 1001, "fields"?, "created_on"?}`` a ``CustomAction``; both are
    validated as if constructed directly, and unknown keys are refused.
    """
    if isinstance(value, CustomAction | Payment):
        return value
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"an action is a CustomAction, a Payment or a dict with a 'type' key, not {type(value).__name__}"
        )
    if "type" not in value:
        raise ValidationError(
            "an action dict needs a 'type': a custom action code such as '1001', or 'PAYMENT'"
        )
    if value["type"] == ActionType.PAYMENT:
        _check_keys(
            value.keys(),
            "a payment",
            required=("type", "amount", "currency", "status"),
            optional=("created_on",),
        )
        return Payment(value["amount"], value["currency"], value["status"], value.get("created_on"))
    code = custom_action_code(value["type"])
    _check_keys(value.keys(), "a custom action", required=("type",), optional=("fields", "created_on"))
    return CustomAction(code, value.get("fields"), value.get("created_on"))


def _check_keys(
    keys: Set[object], what: str, *, required: tuple[str, ...], optional: tuple[str, ...]
) -> None:
    missing = [key for key in required if key not in keys]
    if missing:
        raise ValidationError(f"{what} needs the keys {', '.join(required)}; missing {', '.join(missing)}")
    unknown = sorted(preview(key) for key in keys if key not in required and key not in optional)
    if unknown:
        allowed = ", ".join(required + optional)
        raise ValidationError(f"unknown key(s) {', '.join(unknown)} in {what}; allowed: {allowed}")


def write_action(value: CustomAction | Payment, *, api: Literal["sync", "async"]) -> dict[str, object]:
    """The body of ``value`` in the form ``api`` expects (the custom-action code differs; payments do not)."""
    return value.to_sync() if api == "sync" else value.to_async()


def action_update_body(action: CustomAction | Payment | Mapping[str, object]) -> dict[str, object]:
    """The body that updates an existing custom action's fields: ``{"type": "1001", "fields"?: …}``.

    A payment's amount and currency never change, so a ``Payment``, or a payment dict with ``amount``,
    ``currency`` or ``paymentid``, is refused before anything is sent; a payment dict with only ``type`` and
    ``status`` becomes a status update.
    """
    if isinstance(action, Payment):
        raise _immutable_payment()
    if isinstance(action, Mapping):
        if action.get("type") == ActionType.PAYMENT:
            if action.keys() & {"amount", "currency", "paymentid"}:
                raise _immutable_payment()
            _check_keys(action.keys(), "a payment update", required=("type", "status"), optional=())
            return payment_status_update(_payment_status(action["status"]))
        _check_keys(action.keys(), "a custom action update", required=("type",), optional=("fields",))
        action = as_action(action)
    if not isinstance(action, CustomAction):
        raise ValidationError(f"an action update is a CustomAction or a dict, not {type(action).__name__}")
    if action.created_on is not None:
        raise ValidationError("an update changes a custom action's fields only; created_on cannot be updated")
    return action.to_sync()


def _immutable_payment() -> ValidationError:
    return ValidationError(
        "a payment's amount and currency never change: use set_payment_status to change its status, "
        "or cancel it (status CANCELLED) and create a new payment"
    )


# --- decoding ---


def action_from_api(data: Mapping[str, object]) -> CustomAction | Payment | TimelineEntry:
    """An action as the API returned it. Never raises on values this SDK does not know.

    Custom actions and payments decode to ``CustomAction`` and ``Payment`` (keys they do not model are kept in
    ``extra``); anything else, including entries too sparse to be read as either (search results carry only
    ``type``), decodes to a ``TimelineEntry`` with the raw mapping.
    """
    type_ = data.get("type")
    decoded: CustomAction | Payment | None = None
    if type_ == ActionType.PAYMENT:
        decoded = _payment_from_api(data)
    elif isinstance(type_, str | int):
        decoded = _custom_action_from_api(type_, data)
    if decoded is not None:
        return decoded
    return TimelineEntry(
        type=_known(ActionType, type_) if isinstance(type_, str) else None, raw=frozen_mapping(data)
    )


def _custom_action_from_api(type_: int | str, data: Mapping[str, object]) -> CustomAction | None:
    try:
        code = custom_action_code(type_)
    except ValidationError:
        return None
    fields = data.get("fields")
    if fields is not None and not isinstance(fields, Mapping):
        return None
    created_on, extra = _created_on_and_extra(data, modelled=("type", "fields"))
    action = CustomAction.__new__(CustomAction)
    init(action, code, frozen_mapping(fields or {}), created_on, extra)
    return action


def _payment_from_api(data: Mapping[str, object]) -> Payment | None:
    amount, currency, status = _amount_from_api(data.get("amount")), data.get("currency"), data.get("status")
    if amount is None or not isinstance(currency, str) or not isinstance(status, str):
        return None
    created_on, extra = _created_on_and_extra(data, modelled=("type", "amount", "currency", "status"))
    payment = Payment.__new__(Payment)
    init(payment, amount, _known(Currency, currency), _known(PaymentStatus, status), created_on, extra)
    return payment


def _amount_from_api(value: object) -> Decimal | str | None:
    # The spec's own example sends the amount as a JSON number, so numbers are read too.
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = repr(value)
    if not isinstance(value, str):
        return None
    if _AMOUNT.fullmatch(value):
        amount = Decimal(value)
        if _plain_digits(amount) <= _MAX_AMOUNT_DIGITS:
            return amount
    return value


def _known(enum_type: type[_E], value: str) -> _E | str:
    try:
        return enum_type(value)
    except ValueError:
        return value


def _created_on_and_extra(
    data: Mapping[str, object], *, modelled: tuple[str, ...]
) -> tuple[DateInput | None, Mapping[str, object]]:
    created_on = data.get("created_on")
    if created_on is None or (isinstance(created_on, int | str) and not isinstance(created_on, bool)):
        modelled += ("created_on",)
    else:  # a form this SDK cannot send back; kept, unread, in extra
        created_on = None
    extra = {key: value for key, value in data.items() if key not in modelled}
    return created_on, frozen_mapping(extra)


def as_actions(actions: object) -> tuple[CustomAction | Payment, ...]:
    """The ``actions`` argument of a write: a sequence of :class:`CustomAction`, :class:`Payment` or
    API-shaped mappings, each checked."""
    if isinstance(actions, str | bytes | Mapping) or not isinstance(actions, Iterable):
        raise ValidationError(
            f"actions must be a sequence of CustomAction or Payment values, got {type(actions).__name__}"
        )
    return tuple(as_action(action) for action in actions)
