"""Results of writes that can succeed in part: creating a lead with actions, and creating actions on a lead.

The API answers such writes with 2xx even when it ignored some actions or field values; it says so only in
per-action statuses and ``remarks``. These results put that next to what was sent, so partial success is
never silent: check ``.ok``, or call ``.raise_for_ignored()``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final, Self, cast

import attrs

from ._actions import CustomAction, Payment, frozen_mapping
from ._errors import PartialSuccessError

__all__ = [
    "ActionBatchResult",
    "ActionOutcome",
    "LeadCreateResult",
    "Remark",
    "action_batch_result",
    "lead_create_result",
]

CREATED: Final = "CREATED"
IGNORED: Final = "IGNORED"
UNKNOWN: Final = "UNKNOWN"
"""Status of an action the response did not report on: it may or may not have been saved."""

# fields.<name> | actions[<i>] | actions[<i>].fields.<name> | actions[<i>].<name> (e.g. a payment's amount)
_PATH: Final = re.compile(r"(?:actions\[(?P<index>[0-9]+)\](?:\.fields)?|fields)(?:\.(?P<name>.+))?")


@attrs.frozen
class Remark:
    """The API's note about one part of the request, kept as sent: ``field`` (a path such as
    ``"actions[1].fields.email"`` or ``"fields.rating"``), ``status`` (``"IGNORED"``, ``"WARNING"``,
    ``"ERROR"``, or a newer value) and ``remark`` (free text).
    """

    field: str | None
    status: str | None
    remark: str | None

    @property
    def action_index(self) -> int | None:
        """Index into the request's actions the remark is about, or ``None`` for a lead field (or no path)."""
        return _parse_path(self.field)[0]

    @property
    def field_name(self) -> str | None:
        """API name of the field the remark is about (``"email"``), or ``None`` if the path names none."""
        return _parse_path(self.field)[1]


def _parse_path(path: str | None) -> tuple[int | None, str | None]:
    match = _PATH.fullmatch(path) if path is not None else None
    if match is None:
        return None, None
    index = match["index"]
    return (int(index) if index is not None else None), match["name"]


@attrs.frozen
class ActionOutcome:
    """What became of one requested action.

    ``index`` is its position in the request, ``action`` the action as sent, ``action_id`` the ID of the
    created action (keep it: no read returns action IDs), ``status`` ``"CREATED"``, ``"IGNORED"`` (not saved),
    ``"UNKNOWN"`` (the response did not mention it) or a newer value, and ``remarks`` the remarks about it.
    ``action`` is ``None`` only for an entry the response had beyond the actions sent.
    """

    index: int
    action: CustomAction | Payment | None
    action_id: str | None
    status: str
    remarks: tuple[Remark, ...]


@attrs.frozen
class _PartialResult:
    lead_id: str | None
    """The lead written to."""
    actions: tuple[ActionOutcome, ...]
    """One outcome per requested action, in request order."""
    remarks: tuple[Remark, ...]
    """Every remark, in the server's order."""
    raw: Mapping[str, object] = attrs.field(hash=False, repr=False)
    """The decoded response body, including anything this SDK does not model."""

    @property
    def field_remarks(self) -> tuple[Remark, ...]:
        """Remarks about the lead's fields rather than an action (and any whose path could not be read)."""
        return tuple(remark for remark in self.remarks if remark.action_index is None)

    @property
    def ignored(self) -> tuple[ActionOutcome, ...]:
        """Outcomes of the actions the server ignored: they were not saved."""
        return tuple(outcome for outcome in self.actions if outcome.status == IGNORED)

    @property
    def ok(self) -> bool:
        """Whether everything was saved as sent: every action created and no remark at all."""
        return not self.remarks and all(_settled(outcome) for outcome in self.actions)

    def raise_for_ignored(self) -> Self:
        """Raise ``PartialSuccessError`` (carrying this result) unless ``ok``; return ``self`` if it is."""
        if self.ok:
            return self
        # The base class is private: every instance is one of the two public results.
        raise PartialSuccessError(self._report(), result=cast("LeadCreateResult | ActionBatchResult", self))

    def _report(self) -> str:
        unsettled = [outcome for outcome in self.actions if not _settled(outcome)]
        lines = [
            f"lead {self.lead_id}: {len(unsettled)} of {len(self.actions)} action(s) not created, "
            f"{len(self.remarks)} remark(s)"
        ]
        lines += [f"  actions[{o.index}]: {o.status}{_note(o)}" for o in unsettled]
        lines += [f"  {r.field}: {r.status}: {r.remark}" for r in self.remarks]
        return "\n".join(lines)


def _settled(outcome: ActionOutcome) -> bool:
    return outcome.status == CREATED and outcome.action is not None


def _note(outcome: ActionOutcome) -> str:
    if outcome.action is None:
        return " (an entry beyond the actions sent)"
    if outcome.status == UNKNOWN:
        return " (not in the response; it may or may not have been saved)"
    return ""


@attrs.frozen
class LeadCreateResult(_PartialResult):
    """The outcome of creating a lead: its ID, one ``ActionOutcome`` per action sent, and the remarks.

    A lead is created even when some of its field values or actions are ignored; check ``ok``.
    """


@attrs.frozen
class ActionBatchResult(_PartialResult):
    """The outcome of creating actions on a lead: one ``ActionOutcome`` per action sent, and the remarks.

    Each action is processed on its own, so some may be created while others are ignored; check ``ok``.
    """


def lead_create_result(
    body: Mapping[str, object], sent_actions: Sequence[CustomAction | Payment]
) -> LeadCreateResult:
    """The result of ``POST /lead`` from its decoded response body and the actions sent, in order."""
    return LeadCreateResult(*_parts(body, sent_actions))


def action_batch_result(
    body: Mapping[str, object], sent_actions: Sequence[CustomAction | Payment]
) -> ActionBatchResult:
    """The result of ``POST /lead/{leadId}/action`` from its decoded response body and the actions sent."""
    return ActionBatchResult(*_parts(body, sent_actions))


def _parts(
    body: Mapping[str, object], sent: Sequence[CustomAction | Payment]
) -> tuple[str | None, tuple[ActionOutcome, ...], tuple[Remark, ...], Mapping[str, object]]:
    # Entries are matched to what was sent by position, the order the API reports them in. A short or long
    # response is a server fault that must not hide an action, so every position on either side is kept.
    remarks = tuple(_remark(item) for item in _list(body.get("remarks")))
    reported = _list(body.get("actions"))
    outcomes = tuple(
        _outcome(
            index,
            sent[index] if index < len(sent) else None,
            reported[index] if index < len(reported) else None,
            remarks,
        )
        for index in range(max(len(sent), len(reported)))
    )
    return _str(body.get("lead_id")), outcomes, remarks, frozen_mapping(body)


def _outcome(
    index: int, action: CustomAction | Payment | None, entry: object, remarks: tuple[Remark, ...]
) -> ActionOutcome:
    entry = entry if isinstance(entry, Mapping) else {}
    return ActionOutcome(
        index=index,
        action=action,
        action_id=_str(entry.get("action_id")),
        status=_str(entry.get("status")) or UNKNOWN,
        remarks=tuple(remark for remark in remarks if remark.action_index == index),
    )


def _remark(item: object) -> Remark:
    item = item if isinstance(item, Mapping) else {}
    return Remark(
        field=_str(item.get("field")), status=_str(item.get("status")), remark=_str(item.get("remark"))
    )


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None
