"""Results of writes that can succeed in part: creating a lead with actions, creating actions on a lead, and
bulk ingestion (:class:`IngestReport`, one :class:`IngestOutcome` per record).

The API answers such writes with 2xx even when it ignored some actions or field values; it says so only in
per-action statuses and ``remarks``. These results put that next to what was sent, so partial success is
never silent: check ``.ok``, or call ``.raise_for_ignored()``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final, Literal, Self, cast

from ._actions import CustomAction, Payment
from ._errors import ActionNotCreatedError, PartialSuccessError, TelecrmError
from ._value import JSONReady, decoded_mapping, field, frozen_mapping, make, value

__all__ = [
    "ActionBatchResult",
    "ActionOutcome",
    "DuplicatePolicy",
    "IngestOutcome",
    "IngestProgress",
    "IngestReport",
    "IngestStatus",
    "LeadCreateResult",
    "Remark",
    "Rewrite",
    "action_batch_result",
    "lead_create_result",
]

CREATED: Final = "CREATED"
IGNORED: Final = "IGNORED"
UNKNOWN: Final = "UNKNOWN"
"""Status of an action the response did not report on: it may or may not have been saved."""

# fields.<name> | actions[<i>] | actions[<i>].fields.<name> | actions[<i>].<name> (e.g. a payment's amount)
_PATH: Final = re.compile(r"(?:actions\[(?P<index>[0-9]+)\](?:\.fields)?|fields)(?:\.(?P<name>.+))?")


@value
class Remark(JSONReady):
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


@value
class ActionOutcome(JSONReady):
    """What became of one requested action.

    ``index`` is its position in the request, ``action`` the action as sent, ``id`` the ID of the created
    action or ``None`` (keep it: no read returns action IDs), ``status`` ``"CREATED"``, ``"IGNORED"`` (not
    saved), ``"UNKNOWN"`` (the response did not mention it) or a newer value, and ``remarks`` the remarks
    about it. ``action`` is ``None`` only for an entry the response had beyond the actions sent.
    """

    index: int
    action: CustomAction | Payment | None
    id: str | None
    status: str
    remarks: tuple[Remark, ...]

    @property
    def created(self) -> bool:
        """Whether the action was saved."""
        return self.status == CREATED

    @property
    def action_id(self) -> str:
        """The ID of the created action. Raises :class:`~telecrm.ActionNotCreatedError` if it was not created
        (ignored, or not reported): check :attr:`created`, or the result's ``ok``, when that can happen."""
        if self.id is None:
            raise ActionNotCreatedError(
                f"actions[{self.index}] has no id: its status is {self.status}"
                + "".join(f"; {remark.field}: {remark.remark}" for remark in self.remarks),
                outcome=self,
            )
        return self.id


@value
class _PartialResult(JSONReady):
    lead_id: str
    """The lead written to."""
    actions: tuple[ActionOutcome, ...]
    """One outcome per requested action, in request order."""
    remarks: tuple[Remark, ...]
    """Every remark, in the server's order."""
    raw: Mapping[str, object] = field(hash=False, repr=False)
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


@value
class LeadCreateResult(_PartialResult):
    """The outcome of creating a lead: its ID, one ``ActionOutcome`` per action sent, and the remarks.

    A lead is created even when some of its field values or actions are ignored; check ``ok``.
    """


@value
class ActionBatchResult(_PartialResult):
    """The outcome of creating actions on a lead: one ``ActionOutcome`` per action sent, and the remarks.

    Each action is processed on its own, so some may be created while others are ignored; check ``ok``.
    """


def lead_create_result(
    body: Mapping[str, object], sent_actions: Sequence[CustomAction | Payment]
) -> LeadCreateResult:
    """The result of ``POST /lead`` from its decoded response body and the actions sent, in order.

    Raises ``ValueError`` (an unreadable response, to the caller) when the body has no ``lead_id``: the API
    always sends one on success."""
    lead_id = _str(body.get("lead_id"))
    if lead_id is None:
        raise ValueError("a created lead's response has no lead_id")
    actions, remarks, raw = _parts(body, sent_actions)
    return make(LeadCreateResult, lead_id=lead_id, actions=actions, remarks=remarks, raw=raw)


def action_batch_result(
    body: Mapping[str, object], sent_actions: Sequence[CustomAction | Payment], lead_id: str
) -> ActionBatchResult:
    """The result of ``POST /lead/{leadId}/action`` from its decoded response body, the actions sent and the
    lead they were sent to (the body's own ``lead_id`` wins when it has one)."""
    actions, remarks, raw = _parts(body, sent_actions)
    return make(
        ActionBatchResult,
        lead_id=_str(body.get("lead_id")) or lead_id,
        actions=actions,
        remarks=remarks,
        raw=raw,
    )


def _parts(
    body: Mapping[str, object], sent: Sequence[CustomAction | Payment]
) -> tuple[tuple[ActionOutcome, ...], tuple[Remark, ...], Mapping[str, object]]:
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
    return outcomes, remarks, decoded_mapping(body, "the response")


def _outcome(
    index: int, action: CustomAction | Payment | None, entry: object, remarks: tuple[Remark, ...]
) -> ActionOutcome:
    entry = entry if isinstance(entry, Mapping) else {}
    status = _str(entry.get("status")) or UNKNOWN
    action_id = _str(entry.get("action_id"))
    if status == CREATED and action_id is None:
        raise ValueError(f"actions[{index}] is CREATED but has no action_id")
    return make(
        ActionOutcome,
        index=index,
        action=action,
        id=action_id,
        status=status,
        remarks=tuple(remark for remark in remarks if remark.action_index == index),
    )


def _remark(item: object) -> Remark:
    item = item if isinstance(item, Mapping) else {}
    return make(
        Remark,
        field=_str(item.get("field")),
        status=_str(item.get("status")),
        remark=_str(item.get("remark")),
    )


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


# --- bulk ingestion ---

IngestStatus = Literal["queued", "invalid", "failed", "valid", "skipped"]
DuplicatePolicy = Literal["merge", "keep_first", "reject"]


@value
class Rewrite(JSONReady):
    """A value normalisation changed before sending: where it is (``fields.phone``,
    ``actions[0].created_on``), what the record held and what was sent (``"+91 98111 00401"`` ->
    ``"919811100401"``)."""

    where: str
    before: str
    after: str | int


@value
class IngestOutcome(JSONReady):
    """What became of one input record.

    ``status``: ``"queued"`` (the Async API accepted it), ``"invalid"`` (refused by preflight, never sent;
    ``reasons`` lists every problem and ``error`` is a :class:`ValidationError` saying the same), ``"failed"``
    (``error`` is the last error, after ``attempts`` tries), ``"valid"`` (a dry run's verdict: it would be
    sent), or ``"skipped"`` (with ``duplicates="keep_first"``: an earlier record of the run has the same lead
    identifier, so this one was not sent). ``attempts`` counts the requests made for it in this run.

    ``duplicate_of``: the index of the earlier record of this run with the same lead identifier (as the API
    matches it: phones normalised, emails case-insensitively), or ``None``. ``rewrites``: the values
    normalisation changed in this record before it was sent.

    ``possibly_duplicated``: it was queued, but an earlier request for it (in this run or one that was killed)
    may have been processed too, so the server may have applied it twice: harmless for fields, a duplicate
    timeline entry for actions. ``possibly_delivered``: it failed, but a request for it may have been
    processed anyway. ``from_journal``: a previous run with the same journal already queued it, so it was not
    sent again.
    """

    index: int
    status: IngestStatus
    error: TelecrmError | None = None
    reasons: tuple[str, ...] = ()
    attempts: int = 0
    possibly_duplicated: bool = False
    possibly_delivered: bool = False
    from_journal: bool = False
    duplicate_of: int | None = None
    rewrites: tuple[Rewrite, ...] = ()


@value
class IngestProgress(JSONReady):
    """Counts so far, passed to ``on_progress`` each time a record is settled. ``total`` is ``None`` when
    the input has no length."""

    done: int
    total: int | None
    queued: int
    invalid: int
    failed: int
    requests: int
    rate_limited: int
    elapsed: float


@value
class IngestReport(JSONReady):
    """The result of ``upsert_many``: one :class:`IngestOutcome` per input record, in input order, and counts.

    ``requests`` is how many HTTP requests were made, ``rate_limited`` how many of them were answered 429, and
    ``elapsed`` the wall time in seconds.

    A run of more than 100,000 records keeps memory bounded: its report holds exact counts (``records`` and
    ``counts``; the properties read them) and, in ``outcomes``, only the first 10,000 problems (invalid and
    failed outcomes), in input order; ``complete`` is then ``False``. Pass ``on_outcome`` to ``upsert_many``
    to see every outcome as it is settled, and a ``journal`` to keep every record's state on disk.
    """

    outcomes: tuple[IngestOutcome, ...]
    elapsed: float = 0.0
    requests: int = 0
    rate_limited: int = 0
    dry_run: bool = False
    #: How many records were read, when ``outcomes`` holds only a sample of them (``None``: all of them).
    records: int | None = None
    #: Exact counts by status, and of ``possibly_duplicated``, ``from_journal``, ``duplicates`` and
    #: ``rewritten``, when ``outcomes`` is a sample (empty: the counts are those of ``outcomes``).
    counts: Mapping[str, int] = field(factory=dict, converter=frozen_mapping, hash=False)

    @property
    def complete(self) -> bool:
        """Whether ``outcomes`` holds every record's outcome (``False``: a sample of the problems)."""
        return self.records is None

    def _count(self, status: str) -> int:
        if self.counts:
            return self.counts.get(status, 0)
        if status in ("possibly_duplicated", "from_journal"):
            return sum(getattr(outcome, status) for outcome in self.outcomes)
        if status == "duplicates":
            return sum(outcome.duplicate_of is not None for outcome in self.outcomes)
        if status == "rewritten":
            return sum(len(outcome.rewrites) for outcome in self.outcomes)
        return sum(outcome.status == status for outcome in self.outcomes)

    @property
    def queued(self) -> int:
        """Records the Async API accepted."""
        return self._count("queued")

    @property
    def invalid(self) -> int:
        """Records refused by preflight: never sent (``reasons`` says why)."""
        return self._count("invalid")

    @property
    def failed(self) -> int:
        """Records that could not be queued (``error`` says why; they may be sent again)."""
        return self._count("failed")

    @property
    def valid(self) -> int:
        """Records a dry run found valid."""
        return self._count("valid")

    @property
    def skipped(self) -> int:
        """Records not sent because an earlier one had the same lead identifier (``keep_first``)."""
        return self._count("skipped")

    @property
    def duplicates(self) -> int:
        """Records whose lead identifier an earlier record of the run had (``duplicate_of`` says which)."""
        return self._count("duplicates")

    @property
    def rewritten(self) -> int:
        """Values normalisation changed before sending (each outcome's ``rewrites`` lists them)."""
        return self._count("rewritten")

    @property
    def possibly_duplicated(self) -> int:
        """Queued records that an earlier request may also have delivered."""
        return self._count("possibly_duplicated")

    @property
    def from_journal(self) -> int:
        """Records queued by an earlier run with the same journal, and not sent again."""
        return self._count("from_journal")

    @property
    def ok(self) -> bool:
        """Whether every record was queued (or, in a dry run, found valid), or skipped as a duplicate."""
        if self.counts:
            return self.invalid == 0 and self.failed == 0
        return all(outcome.status in ("queued", "valid", "skipped") for outcome in self.outcomes)

    @property
    def problems(self) -> tuple[IngestOutcome, ...]:
        """The invalid and failed outcomes (for an incomplete report, the sample it kept)."""
        return tuple(outcome for outcome in self.outcomes if outcome.status in ("invalid", "failed"))

    def __len__(self) -> int:
        """How many records were read."""
        return len(self.outcomes) if self.records is None else self.records

    def __repr__(self) -> str:
        # Counts, not outcomes: a report can hold millions of them.
        counts = (
            f"valid={self.valid}"
            if self.dry_run
            else f"queued={self.queued} (from_journal={self.from_journal}), "
            f"possibly_duplicated={self.possibly_duplicated}"
        )
        return (
            f"IngestReport(records={len(self)}, {counts}, invalid={self.invalid}, failed={self.failed}, "
            f"duplicates={self.duplicates}, skipped={self.skipped}, rewritten={self.rewritten}, "
            f"requests={self.requests}, rate_limited={self.rate_limited}, elapsed={self.elapsed:.1f}s)"
        )
