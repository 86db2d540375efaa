"""``telecrm_source``: the Telecrm workspace as a dlt source."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any, Final, cast

import dlt
from dlt.common.schema.typing import TColumnSchema
from dlt.extract.resource import DltResource
from dlt.extract.source import DltSource

from telecrm import (
    CustomAction,
    CustomField,
    Lead,
    Pager,
    Payment,
    Telecrm,
    TelecrmError,
    TimelineEntry,
    ValidationError,
)

from ._columns import CREATED_ON, Columns
from ._windows import read_windows

__all__ = ["DEFAULT_OVERLAP_MS", "telecrm_source"]

DEFAULT_OVERLAP_MS: Final[int] = 10 * 60 * 1000
"""How far back (10 minutes) each incremental run starts before the previous run's end: leads that became
visible late (clock skew between you and Telecrm, a lead still being written) are read on the next run, and
those already loaded are recognised and skipped."""
_LEAD_ID_KEYS: Final = ("id", "_id", "lead_id", "leadId")
"""Where a search result could carry the lead's id. Documented results have none (telecrm-api.md 5.1)."""


def telecrm_source(
    client: Telecrm | None = None,
    *,
    since: datetime | date | int | None = None,
    full_refresh: bool = False,
    overlap_ms: int = DEFAULT_OVERLAP_MS,
) -> DltSource:
    """The workspace as a dlt source, with these resources:

    - ``leads``: every lead, one row each, keyed (merge) on the workspace's lead identifier field. Custom
      fields are typed columns after the workspace's field types (number → double, money → decimal, date →
      timestamp as the workspace writes it, rating → bigint, the rest text); tags fields become child tables
      ``leads__<field>``; ``created_on`` is a UTC timestamp. Incremental on ``created_on``: a run reads the
      leads created since the previous run's end (less ``overlap_ms``, whose leads already loaded are
      skipped).
    - ``team_members``, ``custom_fields`` and ``pipeline`` (stages and statuses): replaced on every run.
    - ``lead_actions``: the timeline of each lead **whose id the search result carried**. Documented search
      results carry no lead id, so against such a server this table stays empty (see the export guide).

    ``client``: a :class:`~telecrm.Telecrm` (default: one configured from the ``TELECRM_*`` environment).
    ``since``: read only leads created from then on (an aware datetime or epoch ms; a naive datetime or a
    date is UTC), instead of from the previous run's end or, on a first run, from the start.
    ``overlap_ms``: how far before the previous run's end a run starts.
    ``full_refresh``: read every lead again (from ``since`` if given), merging changes to leads loaded before:
    search finds leads by creation time only, so this is the only way to pick up edits to old leads.
    """
    if not isinstance(full_refresh, bool):
        raise ValidationError(f"full_refresh must be True or False, got {full_refresh!r}")
    if isinstance(overlap_ms, bool) or not isinstance(overlap_ms, int) or overlap_ms < 0:
        raise ValidationError(f"overlap_ms must be a whole number of milliseconds >= 0, got {overlap_ms!r}")
    start = None if since is None else _epoch_ms(since)
    if client is not None and not isinstance(client, Telecrm):
        raise ValidationError(f"client must be a telecrm.Telecrm, got {type(client).__name__}")
    telecrm = Telecrm() if client is None else client
    fields = telecrm.workspace.custom_fields(detail=True)
    identifier = _identifier(telecrm, fields)
    columns = Columns(fields)

    def leads() -> Iterator[list[dict[str, Any]]]:
        state = dlt.current.resource_state()
        end = _now_ms()
        previous_end = state.get("end")
        if start is not None:
            low = start
        elif previous_end is not None and not full_refresh:
            low = max(int(previous_end) - overlap_ms, 0)
        else:
            low = 0
        loaded_before = set() if full_refresh else set(state.get("recent") or ())
        recent: list[str] = []
        band = end - overlap_ms

        def search(first: int, last: int) -> Pager[Lead]:
            return telecrm.leads.search(fields={CREATED_ON: {"from": first, "to": last}})

        for window in read_windows(search, low, end, lambda lead: _key(lead, identifier)):
            rows = []
            for lead in window.leads:
                key = _key(lead, identifier)
                if window.high >= band:
                    recent.append(key)
                if key in loaded_before:
                    continue
                row = columns.row(lead.fields)
                lead_id = _lead_id(lead)
                if lead_id is not None:
                    row["lead_id"] = lead_id
                rows.append(row)
            if rows:
                yield rows
        state["end"] = end
        state["recent"] = recent

    leads_resource = dlt.resource(
        leads,
        name="leads",
        write_disposition="merge",
        primary_key=identifier,
        columns=cast("dict[str, TColumnSchema]", columns.hints()),
    )

    def lead_actions(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
        for row in rows:
            lead_id = row.get("lead_id")
            if not isinstance(lead_id, str):
                continue
            entries = [
                {"lead_id": lead_id, "position": position, **_action_row(entry)}
                for position, entry in enumerate(telecrm.actions.search(lead_id))
            ]
            if entries:
                yield entries

    actions_resource = dlt.transformer(
        lead_actions,
        name="lead_actions",
        data_from=leads_resource,
        write_disposition="merge",
        merge_key="lead_id",
    )

    def team_members() -> Iterator[dict[str, Any]]:
        for member in telecrm.team_members.list(include_deleted=True):
            licence = member.license
            yield {
                "email": member.email,
                "name": member.name,
                "status": member.status,
                "phone_number": member.phone_number,
                "role": member.role,
                "manager_name": member.manager_name,
                "manager_email": member.manager_email,
                "permission_template_name": member.permission_template_name,
                "license_status": None if licence is None else licence.status,
                "license_type": None if licence is None else licence.type,
                "license_start_date": None if licence is None else licence.start_date,
                "license_end_date": None if licence is None else licence.end_date,
            }

    def custom_fields() -> Iterator[dict[str, Any]]:
        for field in fields:
            yield dict(field.raw)

    def pipeline() -> Iterator[dict[str, Any]]:
        for stage in telecrm.workspace.pipeline().stages:
            for archived, statuses in ((False, stage.active_statuses), (True, stage.archived_statuses)):
                for status in statuses:
                    yield {
                        "stage_id": stage.id,
                        "stage_type": stage.type,
                        "stage_visible": stage.visible,
                        "status_id": status.id,
                        "status": status.label,
                        "color": status.color,
                        "archived": archived,
                    }

    resources: list[DltResource] = [
        leads_resource,
        actions_resource,
        dlt.resource(
            team_members,
            name="team_members",
            write_disposition="replace",
            columns={name: {"data_type": "text"} for name in _TEAM_MEMBER_COLUMNS},
        ),
        dlt.resource(custom_fields, name="custom_fields", write_disposition="replace"),
        dlt.resource(pipeline, name="pipeline", write_disposition="replace"),
    ]

    @dlt.source(name="telecrm", max_table_nesting=1)
    def telecrm_workspace() -> list[DltResource]:
        return resources

    return telecrm_workspace()


_TEAM_MEMBER_COLUMNS: Final = (
    "email",
    "name",
    "status",
    "phone_number",
    "role",
    "manager_name",
    "manager_email",
    "permission_template_name",
    "license_status",
    "license_type",
    "license_start_date",
    "license_end_date",
)


def _identifier(client: Telecrm, fields: tuple[CustomField, ...]) -> str:
    """The lead identifier field's API name: the metadata's ``leadIdentifierFieldId`` (an id per the docs, a
    name in their example), else the field listed with ``isLeadid``."""
    named = client.workspace.metadata().lead_identifier_field
    for field in fields:
        if named is not None and named in (field.id, field.api_name):
            return field.api_name
    for field in fields:
        if field.is_lead_identifier:
            return field.api_name
    raise TelecrmError(
        "the workspace names no lead identifier field "
        "(metadata leadIdentifierFieldId, custom-fields isLeadid)"
    )


def _key(lead: Lead, identifier: str) -> str:
    value = lead.fields.get(identifier)
    return "" if value is None else str(value)


def _lead_id(lead: Lead) -> str | None:
    for name in _LEAD_ID_KEYS:
        value = lead.raw.get(name)
        if isinstance(value, str) and value:
            return value
    return None


def _action_row(entry: CustomAction | Payment | TimelineEntry) -> dict[str, Any]:
    """A timeline entry in its API shape (custom actions and payments as written, others as sent)."""
    if isinstance(entry, CustomAction | Payment):
        return {**entry.to_sync(), **entry.extra}
    return dict(entry.raw)


def _epoch_ms(value: datetime | date | int) -> int:
    if isinstance(value, bool):
        raise ValidationError(f"since must be a datetime, a date or epoch milliseconds, got {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ValidationError(f"since must not be before 1970, got {value}")
        return value
    if isinstance(value, datetime):
        moment = value if value.utcoffset() is not None else value.replace(tzinfo=UTC)
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, tzinfo=UTC)
    else:
        raise ValidationError(
            f"since must be a datetime, a date or epoch milliseconds, got {type(value).__name__}"
        )
    return max(int(moment.timestamp() * 1000), 0)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000
