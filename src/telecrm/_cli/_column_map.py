"""Where each column of an ingested file goes: ``--map COLUMN=TARGET`` and ``--skip COLUMN`` parsed into a
:class:`ColumnMap`, checked against the file's header and the workspace before anything is sent, with the
closest field name suggested for a column the workspace has no field for."""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final, Literal

import attrs

from telecrm import CustomAction, ValidationError

from ._common import CommandError, UsageError
from ._readers import IGNORED_PREFIX

if TYPE_CHECKING:
    from ._cells import FieldTypes

__all__ = ["ColumnMap", "Target", "map_item"]

_PAYMENT_KEYS: Final = ("amount", "currency", "status", "created_on")


@attrs.frozen
class Target:
    """Where a column's value goes: a lead field, a custom action's field or date, or a payment key."""

    kind: Literal["field", "action", "payment"]
    name: str
    code: int = 0

    @classmethod
    def parse(cls, text: str) -> Target:
        """``name``, ``action.<code>.<name>`` or ``payment.<key>``; ``CommandError`` for a malformed one."""
        head, _, rest = text.partition(".")
        if head == "action" and rest:
            code_text, _, name = rest.partition(".")
            try:
                code = CustomAction(code_text).code
            except ValidationError as exc:
                raise CommandError(f"{text!r}: {exc}") from None
            if not name:
                raise CommandError(f"{text!r}: name the action's field, e.g. action.{code}.note")
            return cls("action", name, code)
        if head == "payment" and rest:
            if rest not in _PAYMENT_KEYS:
                raise CommandError(
                    f"{text!r}: a payment column is one of payment.{', payment.'.join(_PAYMENT_KEYS)}"
                )
            return cls("payment", rest)
        return cls("field", text)

    def describe(self) -> str:
        """The target as ``--map`` spells it."""
        if self.kind == "action":
            return f"action.{self.code}.{self.name}"
        return f"payment.{self.name}" if self.kind == "payment" else self.name


def map_item(item: str) -> tuple[str, Target]:
    """One ``--map COLUMN=TARGET`` (the column may hold ``=``: the last one splits)."""
    column, sep, target = item.rpartition("=")
    if not sep or not column or not target:
        raise CommandError(f"takes COLUMN=TARGET, got {item!r}")
    return column, Target.parse(target)


class ColumnMap:
    """Column -> target, from ``--map`` and ``--skip``; unmapped columns are field API names."""

    def __init__(self, maps: list[tuple[str, Target]], skips: list[str]) -> None:
        self.targets: dict[str, Target] = dict(maps)
        self.skips = frozenset(skips)
        self._cache: dict[str, Target | None] = {}

    def target(self, column: str) -> Target | None:
        """The column's target; ``None`` for a skipped column. ``CommandError`` for a malformed one."""
        if column not in self._cache:
            if column in self.skips or column.startswith(IGNORED_PREFIX):
                self._cache[column] = None
            else:
                self._cache[column] = self.targets.get(column) or Target.parse(column)
        return self._cache[column]

    def check_header(self, header: list[str]) -> None:
        """Refuse ``--map``/``--skip`` naming columns the file lacks, and two columns with one target."""
        unknown = sorted(set(self.targets) - set(header)) + sorted(self.skips - set(header))
        if unknown:
            raise UsageError(f"--map/--skip name columns the file does not have: {', '.join(unknown)}")
        seen: dict[Target, str] = {}
        for column in header:
            target = self.target(column)
            if target is None:
                continue
            if target in seen:
                raise UsageError(f"columns {seen[target]!r} and {column!r} both go to {target.describe()}")
            seen[target] = column

    def check_workspace(self, header: list[str], schema: FieldTypes) -> None:
        """Refuse, once and before anything is sent, columns whose values the workspace has no place for
        (each row would otherwise be rejected for them), with a ``--map`` suggestion for each."""
        problems = []
        for column in header:
            target = self.target(column)
            if target is None:
                continue
            if target.kind == "field" and target.name not in schema.fields:
                problems.append(self._not_a_field(column, target.name, schema))
            elif target.kind == "action" and target.code not in schema.actions:
                defined = ", ".join(str(code) for code in sorted(schema.actions)) or "none"
                problems.append(
                    f"column {column!r} goes to custom action {target.code}, which the workspace does not "
                    f"define (defined: {defined})"
                )
            elif (
                target.kind == "action"
                and target.name != "created_on"
                and target.name not in schema.actions[target.code]
            ):
                listed = ", ".join(sorted(schema.actions[target.code])) or "none"
                problems.append(
                    f"column {column!r} goes to {target.describe()}, but custom action {target.code} has no "
                    f"field {target.name!r} (fields: {listed})"
                )
        if problems:
            raise UsageError("; ".join(problems))

    def _not_a_field(self, column: str, name: str, schema: FieldTypes) -> str:
        guess = _closest(name, schema.fields)
        if column in self.targets:
            hint = f"; did you mean --map {shlex.quote(f'{column}={guess}')}?" if guess else ""
            return f"--map {shlex.quote(f'{column}={name}')}: the workspace has no lead field {name!r}{hint}"
        suggestion = shlex.quote(f"{column}={guess or 'API_NAME'}")
        return (
            f"column {column!r} is not a lead field of the workspace: map it with --map {suggestion}"
            + ("" if guess else " (`telecrm workspace fields` lists the API names)")
            + f", or leave it out with --skip {shlex.quote(column)}"
        )


def _closest(name: str, names: Iterable[str]) -> str | None:
    """The API name ``name`` most likely meant: the same but for case, or a close spelling."""
    import difflib

    by_fold = {known.casefold(): known for known in names}
    if name.casefold() in by_fold:
        return by_fold[name.casefold()]
    folded = name.casefold().replace(" ", "_")
    matches = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.6)
    return by_fold[matches[0]] if matches else None
