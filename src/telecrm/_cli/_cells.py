"""Rows to ``upsert_many`` records: each cell sent to its column's target, CSV and sheet cells typed by the
workspace's field types (numbers and ratings become numbers, tags are split, dates of digits only are epoch
milliseconds). A value that does not parse stays text, for preflight to report; JSON values are sent as they
are. :func:`field_types` is the one place the command reads the workspace."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

from telecrm import Telecrm

from ._column_map import ColumnMap
from ._common import CommandError
from ._readers import Row

__all__ = ["FieldTypes", "RecordBuilder", "Unreadable", "field_types"]

_NUMBER: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_INTEGER: Final = re.compile(r"-?[0-9]+")


@attrs.frozen
class FieldTypes:
    """The workspace's field types, upper-case (``TEXT``, ``NUMBER``, ``TAGS``...): lead fields by API name
    (the standard ones included), and each custom action's fields by action code."""

    fields: Mapping[str, str]
    actions: Mapping[int, Mapping[str, str]]


def field_types(client: Telecrm) -> FieldTypes:
    """The workspace's field types, from the schema ``upsert_many``'s preflight checks records against: read
    once, the run then reuses it."""
    schema = client.ingest.workspace_schema()
    return FieldTypes({name: field.type for name, field in schema.fields.items()}, schema.actions)


@attrs.frozen
class Unreadable:
    """A record the file did not give: preflight refuses it (it is not a mapping), and the command reports
    ``problem`` in its place."""

    problem: str


class RecordBuilder:
    """Turns rows into ``upsert_many`` records, typing CSV cells by the workspace's field types."""

    def __init__(self, schema: FieldTypes, mapping: ColumnMap, tags_separator: str) -> None:
        self.schema = schema
        self.mapping = mapping
        self.tags_separator = tags_separator

    def build(self, row: Row) -> object:
        """The record ``{"fields": ..., "actions": [...]}`` of ``row``, or :class:`Unreadable`."""
        if row.problem is not None:
            return Unreadable(row.problem)
        fields: dict[str, object] = {}
        custom: dict[int, dict[str, Any]] = {}
        payment: dict[str, object] = {}
        for column, value in row.cells:
            if not row.typed and value == "":
                continue
            try:
                target = self.mapping.target(column)
            except CommandError as exc:
                return Unreadable(f"line {row.line}: {exc}")
            if target is None:
                continue
            if target.kind == "field":
                kind = self.schema.fields.get(target.name)
                fields[target.name] = value if row.typed else self._typed(kind, value)
            elif target.kind == "action":
                action = custom.setdefault(target.code, {"type": str(target.code)})
                if target.name == "created_on":
                    action["created_on"] = value if row.typed else _epoch_or_text(value)
                else:
                    kind = self.schema.actions.get(target.code, {}).get(target.name)
                    action.setdefault("fields", {})[target.name] = (
                        value if row.typed else self._typed(kind, value)
                    )
            else:
                payment[target.name] = (
                    value if row.typed or target.name != "created_on" else _epoch_or_text(value)
                )
        actions: list[object] = [*custom.values()]
        if payment:
            actions.append({"type": "PAYMENT", **payment})
        actions.extend(row.actions)
        return {"fields": fields, "actions": actions}

    def _typed(self, kind: str | None, text: object) -> object:
        """A CSV cell as the field type wants it; anything that does not parse stays text, for preflight to
        report."""
        if not isinstance(text, str):
            return text
        if kind == "NUMBER" and _NUMBER.fullmatch(text):
            return _int_or_text(text) if _INTEGER.fullmatch(text) else float(text)
        if kind == "RATING" and _INTEGER.fullmatch(text):
            return _int_or_text(text)
        if kind == "TAGS":
            return [tag.strip() for tag in text.split(self.tags_separator) if tag.strip()]
        if kind == "DATE":
            return _epoch_or_text(text)
        return text


def _epoch_or_text(value: object) -> object:
    return _int_or_text(value) if isinstance(value, str) and value.isdigit() and value.isascii() else value


def _int_or_text(text: str) -> object:
    """The integer ``text`` spells, or the text itself if Python will not read it (past its limit on digits),
    for preflight to refuse with the reason."""
    try:
        return int(text)
    except ValueError:
        return text
