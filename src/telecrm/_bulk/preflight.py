"""Preflight: check bulk records against the workspace before the Async API sees them.

The Async API answers ``QUEUED`` to anything and drops what it cannot use later, silently: an unknown field, a
value of the wrong type, an archived status, a bare custom-action code, a payload without the lead identifier.
So every record of a bulk upsert is checked here first, by a :class:`Preflight` against the
:class:`~telecrm.WorkspaceSchema` read once through the Sync API, and a record with any problem is reported
with *all* its problems and never sent.

The value rules are the documented ones (telecrm-api.md §6, §7). Rules that already live elsewhere in the SDK
are reused, not restated: action codes and payments come from :mod:`telecrm._actions`, date encoding from
:mod:`telecrm._dates`, the email shape from :mod:`telecrm._checks`, the standard fields from
:mod:`telecrm._vocabulary`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final

import attrs

from .. import _checks
from .._actions import CustomAction, Payment, as_action
from .._checks import is_email, normalize_email, preview
from .._dates import encode_datetime
from .._errors import ValidationError
from .._phones import normalize_phone
from .._results import Rewrite
from .schema import DEFAULT_DATE_FORMAT, DEFAULT_TIME_FORMAT, SchemaField, WorkspaceSchema
from .spreadsheet_dates import DATE_KINDS, matches_workspace_format

if TYPE_CHECKING:
    from .spreadsheet_dates import DateReader

__all__ = ["CheckedRecord", "Normalizer", "Preflight", "shape_only", "split_record"]

LABEL_MAX_CHARS: Final = 40
"""Longest dropdown option or tag the API stores (telecrm-api.md §6)."""


_PLAIN_DECIMAL: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_URL: Final = re.compile(r"(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]+)?(?:[/?#]\S*)?")
_ISO_LIKE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BODY_KEYS: Final = frozenset({"fields", "actions"})
_EMAIL_KINDS: Final = frozenset({"EMAIL", "ACTIVE_USERS"})
# The form the API documents for phones: country code + national number, digits only, a leading "+"
# accepted. E.164 allows at most 15 digits and country codes do not start with 0; without a "+", ten digits
# or fewer are read as a national number (the country code is missing).
_API_PHONE: Final = re.compile(r"\+[1-9][0-9]{6,14}|[1-9][0-9]{10,14}")


@attrs.frozen
class Normalizer:
    """How values are rewritten before they are checked: phones read in ``region`` (``None``: phones must
    already be in the API's form, country code + number, digits only), dates read by ``dates`` (``None``:
    left as they are). Emails are always trimmed and lower-cased, as the API compares them."""

    region: str | None
    dates: DateReader | None

    def value(self, kind: str, value: object, date_format: str, time_format: str) -> object:
        """``value`` rewritten for a field of type ``kind``, or ``ValidationError`` saying why it cannot be;
        a value of the wrong type is returned as it is, for the type check to report."""
        if not isinstance(value, str):
            return value
        if kind == "PHONE":
            if self.region is not None:
                return normalize_phone(value, self.region)
            if _API_PHONE.fullmatch(value):
                return value  # sent as given, as asked: the API's own form is all that is checked
            try:
                hint = f": it reads as {normalize_phone(value)!r} (normalising phones rewrites it)"
            except ValidationError as exc:
                hint = f" ({exc})"
            raise ValidationError(
                f"{preview(value)} is not written as country code + number, digits only{hint}"
            )
        if kind in _EMAIL_KINDS:
            try:
                return normalize_email(value)
            except ValidationError:
                return value  # the email check says why
        if kind in DATE_KINDS and self.dates is not None:
            return self.dates.normalize(value, date_format, time_format)
        return value


@attrs.frozen
class CheckedRecord:
    """One record after preflight.

    ``fields`` are in API form (encoded for the wire, dates included) and ``actions`` are validated action
    values: the request is built from them as they are (``checked_upsert`` in ``resources/ingest.py``).
    ``reasons`` lists every problem found; a record with reasons is never sent.
    ``lead_key`` is the normalised lead identifier (``None`` if unknown), so that upserts of the same lead can
    be kept in input order. ``rewrites`` lists the values normalisation changed.
    """

    fields: Mapping[str, Any]
    actions: tuple[CustomAction | Payment, ...]
    reasons: tuple[str, ...] = ()
    lead_key: str | None = None
    rewrites: tuple[Rewrite, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.reasons


def split_record(record: object) -> tuple[Mapping[str, Any], tuple[object, ...], list[str]]:
    """``(fields, raw actions, reasons)`` of one bulk record, in any of the accepted shapes.

    A record is a mapping of field API names to values; or the API's body shape ``{"fields": {...},
    "actions": [...]}``; or a ``(fields, actions)`` pair. (A field named ``fields`` holding a mapping is not a
    real possibility: no field type takes an object.)
    """
    reasons: list[str] = []
    fields: object
    actions: object = ()
    if isinstance(record, tuple) and len(record) == 2:
        fields, actions = record
    elif (
        isinstance(record, Mapping)
        and isinstance(record.get("fields"), Mapping)
        and record.keys() <= _BODY_KEYS
    ):
        fields, actions = record["fields"], record.get("actions", ())
    else:
        fields = record
    if not isinstance(fields, Mapping):
        reasons.append(
            "a record is a mapping of field API names to values, a {'fields': ..., 'actions': [...]} body, "
            f"or a (fields, actions) pair; got {type(record).__name__}"
        )
        fields = {}
    if actions is None:
        actions = ()
    if isinstance(actions, str | bytes | Mapping) or not isinstance(actions, Iterable):
        reasons.append(f"actions: expected a list of actions, got {type(actions).__name__}")
        actions = ()
    return fields, tuple(actions), reasons


class Preflight:
    """Checks records against ``schema``, rewriting their values with ``normalizer`` first (default: phones
    read in the default region, dates left as they are)."""

    def __init__(self, schema: WorkspaceSchema, normalizer: Normalizer | None = None) -> None:
        self.schema = schema
        self.normalizer = normalizer or Normalizer(_default_region(), None)

    def check(self, record: object) -> CheckedRecord:
        """Check one record; the result lists every problem, not just the first. Values are first rewritten
        by the normalizer: phones into country code + number, date strings in DATE fields and actions'
        ``created_on`` into the workspace format (see :mod:`telecrm._bulk.spreadsheet_dates`); one that
        cannot be read for certain is a problem. Valid fields come out encoded for the wire, once: the
        request is built from them as they are."""
        schema, normalizer = self.schema, self.normalizer
        fields, raw_actions, reasons = split_record(record)
        rewrites: list[Rewrite] = []
        encoded: dict[str, Any] = {}
        for name, value in fields.items():
            if not isinstance(name, str) or not name:
                reasons.append(f"fields: field API names are non-empty strings, got {preview(name)}")
                continue
            where = _path("fields", name)
            spec = schema.fields.get(name)
            if spec is None:
                reasons.append(
                    f"{where}: no field with this API name in the workspace (API names are case-sensitive)"
                )
                continue
            try:
                value = _rewritten(normalizer, spec.type, value, spec, where, rewrites)
            except ValidationError as exc:
                reasons.append(f"{where}: {exc}")
                continue
            problem, value = self._value_problem(spec.type, value, spec)
            if problem is not None:
                reasons.append(f"{where}: {problem}")
                continue
            encoded[name] = value
        lead_key = None
        identifier = schema.identifier
        if fields.get(identifier) is None:
            reasons.append(
                f"fields.{identifier}: the lead identifier is missing; the Async API would drop the record"
            )
        elif identifier in encoded:
            lead_key = _lead_key(schema.field_type(identifier), encoded[identifier])
        actions: list[CustomAction | Payment] = []
        for index, raw in enumerate(raw_actions):
            action, problems = self._check_action(raw, f"actions[{index}]", normalizer, rewrites)
            reasons.extend(problems)
            if action is not None:
                actions.append(action)
        return CheckedRecord(encoded, tuple(actions), tuple(reasons), lead_key, tuple(rewrites))

    # --- actions ---

    def _check_action(
        self, raw: object, where: str, normalizer: Normalizer, rewrites: list[Rewrite]
    ) -> tuple[CustomAction | Payment | None, list[str]]:
        try:
            action = as_action(raw)
        except ValidationError as exc:
            return None, [f"{where}: {exc}"]
        try:
            action = self._normalize_action(action, where, normalizer, rewrites)
        except _ValueProblem as trouble:
            return None, [f"{trouble.where}: {trouble.error}"]
        problems: list[str] = []
        if action.created_on is not None:
            problem = _date_problem(action.created_on, DEFAULT_DATE_FORMAT, DEFAULT_TIME_FORMAT)
            if problem is not None:
                problems.append(f"{where}.created_on: {problem}")
        if isinstance(action, CustomAction):
            schema = self.schema.actions.get(action.code)
            if schema is None:
                known = ", ".join(str(code) for code in sorted(self.schema.actions)) or "none"
                problems.append(
                    f"{where}.type: custom action {action.code} is not defined in the workspace "
                    f"(defined: {known})"
                )
            else:
                for name, value in action.fields.items():
                    if name not in schema:
                        listed = ", ".join(sorted(schema)) or "none"
                        problems.append(
                            f"{_path(f'{where}.fields', name)}: not a field of custom action {action.code} "
                            f"(fields: {listed})"
                        )
                        continue
                    problem, _ = self._value_problem(schema[name], value, None)
                    if problem is not None:
                        problems.append(f"{_path(f'{where}.fields', name)}: {problem}")
        return (None if problems else action), problems

    def _normalize_action(
        self, action: CustomAction | Payment, where: str, normalizer: Normalizer, rewrites: list[Rewrite]
    ) -> CustomAction | Payment:
        """``action`` with its ``created_on``, and a custom action's fields, rewritten by ``normalizer``."""
        created_on = _rewritten_or_raise(
            normalizer, "DATE", action.created_on, None, f"{where}.created_on", rewrites
        )
        if isinstance(action, Payment):
            if created_on == action.created_on:
                return action
            return Payment(action.amount, action.currency, action.status, created_on)  # type: ignore[arg-type]
        schema = self.schema.actions.get(action.code, {})
        fields = dict(action.fields)
        for name, value in action.fields.items():
            if name in schema:
                path = _path(f"{where}.fields", name)
                fields[name] = _rewritten_or_raise(normalizer, schema[name], value, None, path, rewrites)
        if created_on == action.created_on and fields == action.fields:
            return action
        return CustomAction(action.code, fields, created_on)  # type: ignore[arg-type]

    # --- values ---

    def _value_problem(self, kind: str, value: object, spec: SchemaField | None) -> tuple[str | None, object]:
        """Why ``value`` does not fit a field of type ``kind`` (``None`` if it does), and ``value`` encoded
        for the wire (what ``_checks.field_values`` makes of it, so the request need not encode it again)."""
        if value is None:
            return "null is not a value; leave the field out instead", value
        try:
            encoded = _checks.json_value(value, "the value")  # the one rule for what can be sent at all
        except ValidationError as exc:
            return str(exc), value
        return self._type_problem(kind, value, spec), encoded

    def _type_problem(self, kind: str, value: object, spec: SchemaField | None) -> str | None:
        """Why ``value`` (a JSON value) does not fit a field of type ``kind`` (``None`` if it does)."""
        date_format = spec.date_format if spec else DEFAULT_DATE_FORMAT
        time_format = spec.time_format if spec else DEFAULT_TIME_FORMAT
        match kind:
            case "TEXT" | "UNIQUE":
                return None if isinstance(value, str) else _expected("a string", value)
            case "EMAIL" | "ACTIVE_USERS":
                if isinstance(value, str) and is_email(value.strip()):
                    return None
                return f"{preview(value)} is not an email address (local@domain.tld)"
            case "PHONE":  # the form is checked (or rewritten) by the normalizer, before this
                return None if isinstance(value, str) else _expected("a string", value)
            case "NUMBER":
                if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
                    return None
                return _expected("a number (int or float)", value)
            case "DATE" | "DATE_TIME" | "DATETIME":
                return _date_problem(value, date_format, time_format)
            case "DROPDOWN":
                return _label_problem(value, "an option")
            case "TAGS":
                return _tags_problem(value)
            case "MONEY":
                if isinstance(value, str) and _PLAIN_DECIMAL.fullmatch(value):
                    return None
                return (
                    f"{preview(value)} is not money: a numeric string in the workspace currency, "
                    "such as '1000'"
                )
            case "WEBSITE" | "MEDIALINK":
                if isinstance(value, str) and _URL.fullmatch(value):
                    return None
                return f"{preview(value)} is not a link such as 'https://example.com'"
            case "RATING":
                if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
                    return None
                hint = " (a string such as '3' is dropped: pass the number)" if isinstance(value, str) else ""
                return f"{preview(value)} is not a rating: an integer from 1 to 5{hint}"
            case "STATUS":
                return _pipeline_problem(
                    value, "status", self.schema.active_statuses, self.schema.archived_statuses
                )
            case "LOST_REASON":
                return _pipeline_problem(
                    value, "lost reason", self.schema.active_lost_reasons, self.schema.archived_lost_reasons
                )
            case _:
                # A type this SDK does not know yet: nothing to check but that it can be sent at all (above).
                return None


def _lead_key(kind: str | None, value: object) -> str:
    """The identifier as the API matches it: phones by digits, everything else case-insensitively."""
    text = str(value).strip()
    if kind == "PHONE":
        return "phone:" + text.removeprefix("+")
    return "id:" + text.casefold()


def _default_region() -> str:
    from .._phones import resolve_region

    return resolve_region()


def _rewritten(
    normalizer: Normalizer,
    kind: str,
    value: object,
    spec: SchemaField | None,
    where: str,
    rewrites: list[Rewrite],
) -> object:
    """``value`` as ``normalizer`` rewrites it for a field of type ``kind``; a change is added to
    ``rewrites``."""
    date_format = spec.date_format if spec else DEFAULT_DATE_FORMAT
    time_format = spec.time_format if spec else DEFAULT_TIME_FORMAT
    new = normalizer.value(kind, value, date_format, time_format)
    if new != value and isinstance(value, str) and isinstance(new, str | int):
        rewrites.append(Rewrite(where, value, new))
    return new


def _rewritten_or_raise(
    normalizer: Normalizer,
    kind: str,
    value: object,
    spec: SchemaField | None,
    where: str,
    rewrites: list[Rewrite],
) -> object:
    try:
        return _rewritten(normalizer, kind, value, spec, where, rewrites)
    except ValidationError as exc:
        raise _ValueProblem(where, exc) from None


class _ValueProblem(Exception):
    """A value in an action that cannot be read for certain: where it is, and why."""

    def __init__(self, where: str, error: ValidationError) -> None:
        self.where = where
        self.error = error


def _path(prefix: str, name: str) -> str:
    """Where a named value sits, for a reason: ``fields.city``; a name that cannot be printed is quoted."""
    try:
        _checks.text(name, "a name")
    except ValidationError:
        return f"{prefix}[{preview(name)}]"
    return f"{prefix}.{name}"


def _expected(what: str, value: object) -> str:
    return f"expected {what}, got {type(value).__name__} {preview(value)}"


def _label_problem(value: object, what: str) -> str | None:
    if not isinstance(value, str) or not value:
        return _expected(f"{what}: a non-empty string", value)
    if len(value) > LABEL_MAX_CHARS:
        return f"{preview(value)} is longer than {LABEL_MAX_CHARS} characters"
    return None


def _tags_problem(value: object) -> str | None:
    if isinstance(value, str):
        return (
            f"{preview(value)} is a string: tags are a list of strings (a comma-separated string is dropped)"
        )
    if not isinstance(value, list | tuple):
        return _expected("a list of tags", value)
    problems = [problem for tag in value if (problem := _label_problem(tag, "a tag")) is not None]
    return f"tags: {'; '.join(problems)}" if problems else None


def _pipeline_problem(
    value: object, what: str, active: frozenset[str], archived: frozenset[str]
) -> str | None:
    if not isinstance(value, str):
        return _expected(f"a {what} label", value)
    if value in active:
        return None
    allowed = ", ".join(sorted(active))
    if value in archived:
        return f"{what} {value!r} is archived: only active ones can be written ({allowed})"
    return f"{what} {value!r} is not active in the lead stage pipeline ({allowed})"


def _date_problem(value: object, date_format: str, time_format: str) -> str | None:
    """Why ``value`` is not a date the Async API reads: epoch ms or the workspace's format."""
    try:
        encoded = encode_datetime(value)  # type: ignore[arg-type]  # refusals are the point here
    except ValidationError as exc:
        return str(exc)
    if isinstance(encoded, int):
        return None
    if isinstance(value, datetime | date):
        # _dates writes DD/MM/YYYY[ HH:mm:ss]; a workspace with another format would misread it.
        if date_format != DEFAULT_DATE_FORMAT:
            return (
                f"the workspace reads dates as {date_format}, not {DEFAULT_DATE_FORMAT}: pass an aware "
                "datetime (sent as epoch milliseconds) or a string in the workspace format"
            )
        return None
    if matches_workspace_format(encoded, date_format, (time_format, DEFAULT_TIME_FORMAT)):
        return None
    hint = " (ISO 8601 is not parsed by the Async API)" if _ISO_LIKE.match(encoded) else ""
    return (
        f"{preview(value)} is not epoch milliseconds or a date in the workspace format "
        f"{date_format} or {date_format} {time_format}{hint}; a datetime or date is converted for you"
    )


def shape_only(record: object) -> CheckedRecord:
    """Without preflight: only what is needed to build the request at all (JSON values, valid actions)."""
    fields, raw_actions, reasons = split_record(record)
    if not reasons:
        try:
            fields = _checks.field_values(fields)
        except ValidationError as exc:
            reasons.append(str(exc))
    actions = []
    for index, raw in enumerate(raw_actions):
        try:
            actions.append(as_action(raw))
        except ValidationError as exc:
            reasons.append(f"actions[{index}]: {exc}")
    return CheckedRecord(fields=fields, actions=tuple(actions), reasons=tuple(reasons))
