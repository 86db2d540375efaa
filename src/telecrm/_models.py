"""What reads return: small immutable values over the decoded response.

Each value is built from the generated model's ``to_dict()``, which keeps fields the spec
does not know; the whole mapping stays reachable as ``.raw`` so nothing the server sent is
lost. Enum-like attributes are plain strings: a value added by the vendor tomorrow must not
break today's client (compare with :class:`telecrm.PaymentStatus` and friends).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

from ._actions import CustomAction, Payment, TimelineEntry, action_from_api, custom_action_code
from ._value import JSONReady, JSONValue, decoded_mapping, field, frozen_mapping, make, value


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@value
class Lead(JSONReady):
    """A lead: its fields exactly as the server sent them and, when asked for, a page of its
    timeline (newest first)."""

    #: Field API name -> value, as returned by the server (no conversion of any kind).
    fields: Mapping[str, JSONValue] = field(converter=frozen_mapping)
    #: Timeline entries of this page: custom actions, payments and built-in entries.
    actions: tuple[CustomAction | Payment | TimelineEntry, ...] = ()
    actions_skip: int | None = None
    actions_limit: int | None = None
    raw: Mapping[str, Any] = field(factory=dict, converter=frozen_mapping, repr=False)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Lead:
        """Build it from the API's JSON object (``fields`` and, when asked for, ``actions``)."""
        actions = data.get("actions")
        return make(
            cls,
            fields=decoded_mapping(data.get("fields"), "fields"),
            actions=tuple(action_from_api(entry) for entry in actions) if actions else (),
            actions_skip=data.get("actions_skip"),
            actions_limit=data.get("actions_limit"),
            raw=decoded_mapping(data, "a lead"),
        )


@value
class TeamMemberLicense(JSONReady):
    status: str | None
    type: str | None
    start_date: str | None
    end_date: str | None


@value
class TeamMember(JSONReady):
    """A workspace user. Teams have no member id in the API: the email is the key."""

    email: str | None
    name: str | None
    #: Availability or account state: Active, Inactive, On Leave, Working, Invited, Deleted, ...
    status: str | None
    phone_number: str | None = None
    role: str | None = None
    manager_name: str | None = None
    manager_email: str | None = None
    permission_template_name: str | None = None
    license: TeamMemberLicense | None = None
    raw: Mapping[str, Any] = field(factory=dict, converter=frozen_mapping, repr=False)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> TeamMember:
        """Build it from the API's JSON object (``license`` may be ``null``)."""
        licence = data.get("license")
        return make(
            cls,
            email=_str_or_none(data.get("email")),
            name=_str_or_none(data.get("name")),
            status=_str_or_none(data.get("status")),
            phone_number=_str_or_none(data.get("phone_number")),
            role=_str_or_none(data.get("role")),
            manager_name=_str_or_none(data.get("manager_name")),
            manager_email=_str_or_none(data.get("manager_email")),
            permission_template_name=_str_or_none(data.get("permission_template_name")),
            license=make(
                TeamMemberLicense,
                status=_str_or_none(licence.get("status")),
                type=_str_or_none(licence.get("type")),
                start_date=_str_or_none(licence.get("start_date")),
                end_date=_str_or_none(licence.get("end_date")),
            )
            if isinstance(licence, Mapping)
            else None,
            raw=decoded_mapping(data, "a team member"),
        )


@value
class TeamMemberState(JSONReady):
    """The result of an availability change."""

    email: str | None
    status: str | None
    raw: Mapping[str, Any] = field(factory=dict, converter=frozen_mapping, repr=False)


def _labels(items: Sequence[Any] | None) -> tuple[str, ...]:
    """Option or tag labels from either list shape (strings, or ``{id, label}`` objects)."""
    labels = []
    for item in items or ():
        if isinstance(item, str):
            labels.append(item)
        elif isinstance(item, Mapping) and isinstance(item.get("label"), str):
            labels.append(item["label"])
    return tuple(labels)


@value
class CustomField(JSONReady):
    """A lead field definition. ``id``, ``description``, ``date_format`` and ``time_format``
    are only present in the detailed view."""

    api_name: str
    type: str
    lock_after_create: bool | None = None
    is_lead_identifier: bool = False
    #: Dropdown option labels (both list views carry them, in different shapes).
    options: tuple[str, ...] = ()
    #: Tag labels.
    tags: tuple[str, ...] = ()
    id: str | None = None
    description: str | None = None
    date_format: str | None = None
    time_format: str | None = None
    raw: Mapping[str, Any] = field(factory=dict, converter=frozen_mapping, repr=False)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> CustomField:
        """Build it from the API's JSON object (either list view, or the detailed one)."""
        return make(
            cls,
            api_name=str(data.get("apiName", "")),
            type=str(data.get("type", "")),
            lock_after_create=data.get("lockAfterCreate"),
            is_lead_identifier=bool(data.get("isLeadid", False)),
            options=_labels(data.get("options")),
            tags=_labels(data.get("tags")),
            id=_str_or_none(data.get("id")),
            description=_str_or_none(data.get("description")),
            date_format=_str_or_none(data.get("dateFormat")),
            time_format=_str_or_none(data.get("timeFormat")),
            raw=decoded_mapping(data, "a custom field"),
        )


@value
class CustomActionDefinition(JSONReady):
    """A custom action type defined in the workspace. ``code`` is the number (``1001``);
    pass it, or this object's ``code``, to :class:`CustomAction`."""

    code: int | str
    display_name: str | None
    score: float | None = None
    source: str | None = None
    #: Field API name -> field definition (type, options...): detailed view only.
    field_schema: Mapping[str, Any] = field(factory=dict, converter=frozen_mapping)
    allows_predated_activity: bool | None = None
    id: str | None = None
    description: str | None = None
    raw: Mapping[str, Any] = field(factory=dict, converter=frozen_mapping, repr=False)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> CustomActionDefinition:
        """Build it from the API's JSON object (``code`` given as ``ACTION_1001`` becomes ``1001``)."""
        code: int | str = str(data.get("code", ""))
        # A SYSTEM action whose code is not ACTION_<n> stays readable as sent.
        with contextlib.suppress(ValueError):
            code = custom_action_code(code)
        predated = data.get("allowPredatedActivity")
        return make(
            cls,
            code=code,
            display_name=_str_or_none(data.get("displayName")),
            score=data.get("score"),
            source=_str_or_none(data.get("source")),
            field_schema=frozen_mapping(data.get("fieldSchema") or {}),
            allows_predated_activity=predated.get("enabled") if isinstance(predated, Mapping) else None,
            id=_str_or_none(data.get("id")),
            description=_str_or_none(data.get("description")),
            raw=decoded_mapping(data, "a custom action"),
        )


@value
class EnterpriseMetadata(JSONReady):
    id: str | None
    name: str | None
    lead_identifier_field: str | None = None
    integrations: tuple[str, ...] = ()
    created_at_ms: int | None = None
    team_size: str | None = None
    industry: str | None = None
    website: str | None = None
    raw: Mapping[str, Any] = field(factory=dict, converter=frozen_mapping, repr=False)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> EnterpriseMetadata:
        """Build it from the API's JSON object."""
        created = data.get("creationTimeStamp")
        return make(
            cls,
            id=_str_or_none(data.get("id")),
            name=_str_or_none(data.get("name")),
            lead_identifier_field=_str_or_none(data.get("leadIdentifierFieldId")),
            integrations=tuple(str(item) for item in data.get("integrations") or ()),
            created_at_ms=int(created) if isinstance(created, int | float) else None,
            team_size=_str_or_none(data.get("teamSize")),
            industry=_str_or_none(data.get("industry")),
            website=_str_or_none(data.get("website")),
            raw=decoded_mapping(data, "the workspace metadata"),
        )


@value
class LeadStatus(JSONReady):
    label: str
    id: int | float | None = None
    color: str | None = None


@value
class LeadStage(JSONReady):
    id: str
    #: OPEN, WON, LOST (or a type added later).
    type: str
    visible: bool | None
    active_statuses: tuple[LeadStatus, ...]
    archived_statuses: tuple[LeadStatus, ...]


@value
class LostReason(JSONReady):
    label: str
    id: int | float | None = None
    is_default: bool = False


def _statuses(items: Sequence[Mapping[str, Any]] | None) -> tuple[LeadStatus, ...]:
    return tuple(
        make(LeadStatus, label=str(item.get("label", "")), id=item.get("statusid"), color=item.get("color"))
        for item in items or ()
    )


def _reasons(items: Sequence[Mapping[str, Any]] | None) -> tuple[LostReason, ...]:
    return tuple(
        make(
            LostReason,
            label=str(item.get("reasonLabel", "")),
            id=item.get("reasonid"),
            is_default=bool(item.get("isDefault", False)),
        )
        for item in items or ()
    )


@value
class Pipeline(JSONReady):
    """The lead stage pipeline. Only active statuses and active lost reasons may be
    written; archived ones keep old leads readable and are silently dropped on write."""

    stages: tuple[LeadStage, ...]
    active_lost_reasons: tuple[LostReason, ...] = ()
    archived_lost_reasons: tuple[LostReason, ...] = ()
    version: int | float | None = None
    raw: Mapping[str, Any] = field(factory=dict, converter=frozen_mapping, repr=False)

    @property
    def active_status_labels(self) -> frozenset[str]:
        """Labels of the statuses a lead can be given now (archived ones are refused)."""
        return frozenset(status.label for stage in self.stages for status in stage.active_statuses)

    @property
    def active_lost_reason_labels(self) -> frozenset[str]:
        """Labels of the lost reasons a lead can be given now."""
        return frozenset(reason.label for reason in self.active_lost_reasons)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Pipeline:
        """Build it from the API's JSON object."""
        return make(
            cls,
            stages=tuple(
                make(
                    LeadStage,
                    id=str(stage.get("stageid", "")),
                    type=str(stage.get("stageType", "")),
                    visible=stage.get("visibility"),
                    active_statuses=_statuses(stage.get("activeStatuses")),
                    archived_statuses=_statuses(stage.get("archivedStatuses")),
                )
                for stage in data.get("leadStages") or ()
            ),
            active_lost_reasons=_reasons(data.get("activeLeadLostReasons")),
            archived_lost_reasons=_reasons(data.get("archivedLeadLostReasons")),
            version=data.get("version"),
            raw=decoded_mapping(data, "the pipeline"),
        )


@value
class Queued(JSONReady):
    """The Async API's answer: the upsert was accepted into a queue. It says nothing about
    whether the lead will be saved (malformed payloads are dropped later, silently)."""

    status: str
    raw: Mapping[str, Any] = field(factory=dict, converter=frozen_mapping, repr=False)
