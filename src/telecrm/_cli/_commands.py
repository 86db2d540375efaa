"""``telecrm leads``, ``actions``, ``workspace`` and ``doctor``: thin wrappers over the client's methods."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from telecrm import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    CustomAction,
    Lead,
    Payment,
    Telecrm,
    TelecrmError,
)
from telecrm._vocabulary import ACTIONS_PAGE_LIMIT, LEADS_PAGE_LIMIT

from ._common import EXIT_INCOMPLETE, EXIT_OK, UsageError, assignment, at_least, int_from
from ._render import emit_json, jsonable, note, pairs, table

Subparsers = Any  # argparse._SubParsersAction, which typeshed marks private
T = TypeVar("T")

# Lead fields shown first in search tables; the rest follow in the order they appear.
_LEADING_COLUMNS = ("name", "phone", "email", "status", "rating", "assignee")
_MAX_COLUMNS = 8


def add_parsers(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    leads = commands.add_parser("leads", help="read and search leads").add_subparsers(
        metavar="ACTION", required=True
    )
    get = leads.add_parser("get", parents=[common], help="one lead by id")
    get.add_argument("lead_id", help="the lead's id")
    get.add_argument("--actions", action="store_true", help="include the newest actions of its timeline")
    get.add_argument(
        "--limit",
        type=int_from(1, ACTIONS_PAGE_LIMIT),
        default=10,
        metavar="N",
        help=f"how many actions with --actions (default %(default)s, at most {ACTIONS_PAGE_LIMIT})",
    )
    get.set_defaults(run=_leads_get)
    search = leads.add_parser("search", parents=[common], help="leads matching fields and actions")
    search.add_argument(
        "--field",
        action="append",
        default=[],
        type=assignment,
        metavar="NAME=VALUE",
        help="field filter (repeat for more fields, or for several values of one field: any of them)",
    )
    search.add_argument(
        "--action-type", action="append", default=[], metavar="TYPE", help="has an action of TYPE"
    )
    search.add_argument(
        "--performed-by",
        action="append",
        default=[],
        metavar="EMAIL",
        help="has an action performed by this team member (repeat: any of them)",
    )
    search.add_argument(
        "--limit",
        type=at_least(1),
        default=100,
        metavar="N",
        help="stop after this many leads, and say if more match (default %(default)s)",
    )
    search.set_defaults(run=_leads_search)

    actions = commands.add_parser("actions", help="record and search a lead's actions").add_subparsers(
        metavar="ACTION", required=True
    )
    create = actions.add_parser(
        "create",
        parents=[common],
        help="record a custom action or a payment on a lead",
        description="Record one action. A custom action: --type CODE [--field NAME=VALUE ...]. A payment: "
        "--type PAYMENT --amount N --currency C --status S. Exit status 3 if the API ignored it.",
    )
    create.add_argument("lead_id", help="the lead's id")
    create.add_argument("--type", required=True, help="custom action code (1001 or ACTION_1001), or PAYMENT")
    create.add_argument(
        "--field",
        action="append",
        default=[],
        type=assignment,
        metavar="NAME=VALUE",
        help="a text field value (repeatable)",
    )
    create.add_argument(
        "--field-json",
        action="append",
        default=[],
        type=_json_assignment,
        metavar="NAME=JSON",
        help="a field value given as JSON, e.g. attendees=3 (repeatable)",
    )
    create.add_argument("--created-on", metavar="WHEN", help="epoch ms or DD/MM/YYYY HH:mm:ss (default: now)")
    create.add_argument("--amount", metavar="N", help="payment amount, e.g. 5000.50")
    create.add_argument("--currency", metavar="C", help="payment currency, e.g. INR")
    create.add_argument("--status", metavar="S", help="payment status: PENDING, COMPLETED, FAILED, ...")
    create.set_defaults(run=_actions_create)
    asearch = actions.add_parser("search", parents=[common], help="a lead's timeline, newest first")
    asearch.add_argument("lead_id", help="the lead's id")
    asearch.add_argument("--type", help="an action type (OUTGOING_CALL, PAYMENT, a custom code...)")
    asearch.add_argument("--from", dest="from_", metavar="WHEN", help="created on or after (ms or date)")
    asearch.add_argument("--to", metavar="WHEN", help="created on or before (ms or date)")
    asearch.add_argument(
        "--performed-by",
        action="append",
        default=[],
        metavar="EMAIL",
        help="performed by this team member (repeat: any of them)",
    )
    asearch.add_argument(
        "--limit",
        type=at_least(1),
        default=100,
        metavar="N",
        help="stop after this many entries, and say if there are more (default %(default)s)",
    )
    asearch.set_defaults(run=_actions_search)

    workspace = commands.add_parser("workspace", help="workspace definitions").add_subparsers(
        metavar="WHAT", required=True
    )
    fields = workspace.add_parser("fields", parents=[common], help="lead fields and their types")
    fields.set_defaults(run=_workspace_fields)
    workspace.add_parser("actions", parents=[common], help="custom actions and their fields").set_defaults(
        run=_workspace_actions
    )
    workspace.add_parser("pipeline", parents=[common], help="stages, statuses, lost reasons").set_defaults(
        run=_workspace_pipeline
    )
    workspace.add_parser("metadata", parents=[common], help="the enterprise").set_defaults(
        run=_workspace_metadata
    )

    doctor = commands.add_parser(
        "doctor",
        parents=[common],
        help="check configuration, tokens and connectivity",
        description="Checks that the configuration is present, that each token is accepted by its API, and "
        "that the enterprise is reachable. The Async check queues one empty upsert, which the Async API "
        "discards (it counts toward the hourly limit). Exit status 3 if a check fails.",
    )
    doctor.set_defaults(run=_doctor)


def _client() -> Telecrm:
    return Telecrm()


def _json_assignment(text: str) -> tuple[str, object]:
    name, value = assignment(text)
    try:
        return name, json.loads(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{name}: not JSON: {value!r}") from None


def _first(items: Iterable[T], limit: int) -> tuple[list[T], bool]:
    """The first ``limit`` items, and whether there are more (one more is read to know)."""
    found = list(islice(items, limit + 1))
    return found[:limit], len(found) > limit


# --- leads -----------------------------------------------------------------------------------------------


def _leads_get(args: argparse.Namespace) -> int:
    with _client() as client:
        lead = client.leads.get(args.lead_id, include_actions=args.actions, limit=args.limit)
    if args.actions and len(lead.actions) >= args.limit:
        more = f"raise --limit (at most {ACTIONS_PAGE_LIMIT})" if args.limit < ACTIONS_PAGE_LIMIT else ""
        note(
            f"showing the newest {args.limit} actions; the lead may have more"
            + (f": {more}" if more else ": `telecrm actions search` lists them all")
        )
    if args.json:
        emit_json(lead.raw)
        return EXIT_OK
    pairs(f"Lead {args.lead_id}", lead.fields.items())
    if args.actions:
        _timeline_table(lead.actions)
    return EXIT_OK


def _leads_search(args: argparse.Namespace) -> int:
    fields: dict[str, Any] = {}
    for name, value in args.field:
        if name in fields:
            previous = fields[name]
            fields[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            fields[name] = value
    actions: dict[str, Any] = {}
    if args.action_type:
        actions["type"] = args.action_type if len(args.action_type) > 1 else args.action_type[0]
    if args.performed_by:
        actions["performed_by"] = args.performed_by
    limit = args.limit
    with _client() as client:
        pager = client.leads.search(
            fields=fields or None, actions=actions or None, page_size=min(limit + 1, LEADS_PAGE_LIMIT)
        )
        leads, more = _first(pager, limit)
    if more:
        note(f"showing the first {limit} leads; more match (raise --limit to see them)")
    if args.json:
        emit_json([lead.raw for lead in leads])
        return EXIT_OK
    _leads_table(leads)
    return EXIT_OK


def _leads_table(leads: list[Lead]) -> None:
    present: dict[str, None] = {}
    for lead in leads:
        present.update(dict.fromkeys(lead.fields))
    columns = [name for name in _LEADING_COLUMNS if name in present]
    columns += [name for name in present if name not in columns]
    shown = columns[:_MAX_COLUMNS]
    table(
        f"{len(leads)} lead(s)"
        + (f" (showing {len(shown)} of {len(columns)} fields)" if len(shown) < len(columns) else ""),
        shown,
        ([lead.fields.get(name) for name in shown] for lead in leads),
    )


# --- actions ---------------------------------------------------------------------------------------------


def _actions_create(args: argparse.Namespace) -> int:
    action: CustomAction | Payment
    if args.type.upper() == "PAYMENT":
        missing = [option for option in ("amount", "currency", "status") if getattr(args, option) is None]
        if missing:
            raise UsageError("a payment needs " + ", ".join(f"--{option}" for option in missing))
        if args.field or args.field_json:
            raise UsageError("a payment has no --field values: it takes --amount, --currency and --status")
        action = Payment(args.amount, args.currency, args.status, created_on=_when(args.created_on))
    else:
        given = [option for option in ("amount", "currency", "status") if getattr(args, option) is not None]
        if given:
            raise UsageError(
                f"{', '.join(f'--{option}' for option in given)} describe a payment: pass --type PAYMENT"
            )
        fields: dict[str, object] = dict(args.field)
        fields.update(args.field_json)
        action = CustomAction(args.type, fields or None, created_on=_when(args.created_on))
    with _client() as client:
        result = client.actions.create(args.lead_id, [action])
    if args.json:
        emit_json(
            {
                "lead_id": result.lead_id,
                "ok": result.ok,
                "actions": [
                    {"index": o.index, "status": o.status, "action_id": o.id, "action": o.action}
                    for o in result.actions
                ],
                "remarks": [
                    {"field": r.field, "status": r.status, "remark": r.remark} for r in result.remarks
                ],
            }
        )
    else:
        table(
            f"Actions on lead {args.lead_id}",
            ("#", "status", "action id", "remarks"),
            (
                (o.index, o.status, o.id, "; ".join(f"{r.field}: {r.remark}" for r in o.remarks))
                for o in result.actions
            ),
        )
        for remark in result.field_remarks:
            note(f"{remark.field}: {remark.remark}")
    return EXIT_OK if result.ok else EXIT_INCOMPLETE


def _when(text: str | None) -> int | str | None:
    if text is None:
        return None
    return int(text) if text.isdigit() else text


def _actions_search(args: argparse.Namespace) -> int:
    limit = args.limit
    created_on = None
    if args.from_ is not None or args.to is not None:
        created_on = (_when(args.from_), _when(args.to))
    with _client() as client:
        pager = client.actions.search(
            args.lead_id,
            type=args.type,
            created_on=created_on,
            performed_by=args.performed_by or None,
            page_size=min(limit + 1, ACTIONS_PAGE_LIMIT),
        )
        entries, more = _first(pager, limit)
    if more:
        note(f"showing the newest {limit} entries; there are more (raise --limit to see them)")
    if args.json:
        emit_json(entries)
        return EXIT_OK
    _timeline_table(entries)
    return EXIT_OK


def _timeline_table(entries: Iterable[object]) -> None:
    rows = []
    for entry in entries:
        data = jsonable(entry)
        assert isinstance(data, dict)
        kind = data.pop("type", None)
        created = data.pop("created_on", None)
        rows.append((kind, created, data))
    table(f"{len(rows)} action(s), newest first", ("type", "created on", "details"), rows)


# --- workspace -------------------------------------------------------------------------------------------


def _workspace_fields(args: argparse.Namespace) -> int:
    with _client() as client:
        fields = client.workspace.custom_fields(detail=True)
    if args.json:
        emit_json([field.raw for field in fields])
        return EXIT_OK
    table(
        "Lead fields",
        ("API name", "type", "identifier", "locked", "options / tags", "format"),
        (
            (
                f.api_name,
                f.type,
                "yes" if f.is_lead_identifier else "",
                "yes" if f.lock_after_create else "",
                ", ".join(f.options or f.tags),
                " ".join(part for part in (f.date_format, f.time_format) if part),
            )
            for f in fields
        ),
    )
    return EXIT_OK


def _workspace_actions(args: argparse.Namespace) -> int:
    with _client() as client:
        definitions = client.workspace.custom_actions(detail=True)
    if args.json:
        emit_json([definition.raw for definition in definitions])
        return EXIT_OK
    table(
        "Custom actions",
        ("code", "name", "source", "score", "fields"),
        (
            (
                d.code,
                d.display_name,
                d.source,
                d.score,
                ", ".join(
                    f"{name} ({spec.get('type', '?')})" if isinstance(spec, dict) else name
                    for name, spec in d.field_schema.items()
                ),
            )
            for d in definitions
        ),
    )
    return EXIT_OK


def _workspace_pipeline(args: argparse.Namespace) -> int:
    with _client() as client:
        pipeline = client.workspace.pipeline()
    if args.json:
        emit_json(pipeline.raw)
        return EXIT_OK
    table(
        "Lead stages",
        ("stage", "active statuses", "archived statuses"),
        (
            (
                stage.type,
                ", ".join(s.label for s in stage.active_statuses),
                ", ".join(s.label for s in stage.archived_statuses),
            )
            for stage in pipeline.stages
        ),
    )
    table(
        "Lost reasons",
        ("reason", "state"),
        [
            *(
                (r.label + (" (default)" if r.is_default else ""), "active")
                for r in pipeline.active_lost_reasons
            ),
            *((r.label, "archived") for r in pipeline.archived_lost_reasons),
        ],
    )
    return EXIT_OK


def _workspace_metadata(args: argparse.Namespace) -> int:
    with _client() as client:
        metadata = client.workspace.metadata()
    if args.json:
        emit_json(metadata.raw)
        return EXIT_OK
    pairs(
        "Enterprise",
        [
            ("id", metadata.id),
            ("name", metadata.name),
            ("industry", metadata.industry),
            ("team size", metadata.team_size),
            ("website", metadata.website),
            ("lead identifier", metadata.lead_identifier_field),
            ("integrations", ", ".join(metadata.integrations)),
        ],
    )
    return EXIT_OK


# --- doctor ----------------------------------------------------------------------------------------------

Check = tuple[str, str, str]  # (check, "ok" | "fail" | "skip", detail)


def _doctor(args: argparse.Namespace) -> int:
    checks = list(_diagnose())
    if args.json:
        emit_json([{"check": name, "status": status, "detail": detail} for name, status, detail in checks])
    else:
        table("telecrm doctor", ("check", "status", "detail"), ((n, s.upper(), d) for n, s, d in checks))
    return EXIT_INCOMPLETE if any(status == "fail" for _, status, _ in checks) else EXIT_OK


def _diagnose() -> Iterator[Check]:
    try:
        client = Telecrm()
    except TelecrmError as exc:
        yield "configuration", "fail", str(exc)
        return
    with client:
        # The client was configured from these variables alone.
        sync_token = os.environ.get("TELECRM_SYNC_TOKEN") or None
        async_token = os.environ.get("TELECRM_ASYNC_TOKEN") or None
        yield (
            "configuration",
            "ok",
            f"enterprise {client.enterprise_id}; Sync API {client.base_url}; "
            f"Async API {client.ingest_base_url}",
        )
        if sync_token is not None and sync_token == async_token:
            yield (
                "token types",
                "fail",
                "TELECRM_SYNC_TOKEN and TELECRM_ASYNC_TOKEN hold the same token: each API needs a token "
                "of its own type (Settings > Website and API > API token)",
            )
        probe = client.with_options(max_retries=0)
        if sync_token is None:
            yield "Sync token", "fail", "TELECRM_SYNC_TOKEN is not set"
            yield "enterprise", "skip", "needs the Sync token"
        else:
            yield from _check("Sync token", "Sync API", client.base_url, lambda: probe.workspace.metadata())
        if async_token is None:
            yield "Async token", "fail", "TELECRM_ASYNC_TOKEN is not set (needed by telecrm ingest)"
        else:
            yield from _check(
                "Async token",
                "Async API",
                client.ingest_base_url,
                # The SDK's own upsert refuses empty fields; this probe wants exactly that: a payload the
                # Async API accepts (200 QUEUED proves the token) and then discards (no lead identifier).
                lambda: probe.request(
                    "POST", "/enterprise/{enterprise_id}/autoupdatelead", api="async", json={"fields": {}}
                ),
            )


def _check(name: str, api: str, url: str, call: Callable[[], object]) -> Iterator[Check]:
    try:
        answer = call()
    except AuthenticationError as exc:
        yield (
            name,
            "fail",
            f"refused by the {api} ({exc.status_code} {exc.code}): the token is invalid, revoked, of the "
            "other type, or the enterprise id is wrong",
        )
        if api == "Sync API":
            yield "enterprise", "skip", "needs an accepted Sync token"
        return
    except APIConnectionError as exc:
        yield name, "fail", f"cannot reach the {api} at {url}: {exc.message}"
        return
    except APIStatusError as exc:
        yield name, "fail", f"the {api} answered {exc}"
        return
    if api == "Sync API":
        yield name, "ok", "accepted by the Sync API"
        yield "enterprise", "ok", f"{getattr(answer, 'name', None) or '?'} is reachable"
    else:
        yield name, "ok", "accepted by the Async API (one empty upsert queued; the API discards it)"
