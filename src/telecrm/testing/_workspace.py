"""The workspace a fake Telecrm serves: fields, custom actions, pipeline, team and seed leads."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timezone
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any, Literal, cast, get_args

import yaml

from telecrm._presentation import present_as
from telecrm.testing._field_rules import is_label, parse_utc_offset
from telecrm.testing._vocabulary import (
    CUSTOM_ACTION_PREFIX,
    FIELD_TYPES,
    IDENTIFIER_TYPES,
    MAX_FIELD_OPTIONS,
    MEMBER_STATUSES,
    ROLES,
    STANDARD_FIELDS,
    TIME_FORMATS,
    FieldType,
    MemberStatus,
    Role,
)

StageType = Literal["OPEN", "WON", "LOST"]


class WorkspaceError(ValueError):
    """A workspace description that cannot be served; the message names the offending key."""


def stable_id(*parts: object) -> str:
    """A 24-hex id (the shape of Telecrm's ids) derived from `parts`, so ids survive restarts and resets."""
    return hashlib.sha1(":".join(map(str, parts)).encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Field:
    """A lead field. `options` are a DROPDOWN's options or a TAGS field's predefined tags."""

    api_name: str
    type: FieldType
    description: str = ""
    lock_after_create: bool = False
    options: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The field's id, as the detailed custom-fields view shows it."""
        return stable_id("field", self.api_name)


@dataclass(frozen=True)
class ActionField:
    """A field of a custom action's schema."""

    name: str
    type: FieldType
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class CustomActionDefinition:
    """A custom action: Sync payloads name it by the bare `code`, Async and lookups by `ACTION_<code>`."""

    code: int
    display_name: str
    fields: tuple[ActionField, ...] = ()
    description: str = ""
    score: int = 0
    source: Literal["USER", "SYSTEM"] = "USER"
    icon: str = ""
    allow_predated: bool = True
    """Whether a write may set `created_on`; when False the API ignores it and records the current time."""

    @property
    def id(self) -> str:
        """The custom action's id: its code with the prefix (``ACTION_1001``)."""
        return stable_id("action", self.code)

    @property
    def prefixed_code(self) -> str:
        """The code as the Async API and the lookup path write it: ``ACTION_<code>``."""
        return f"{CUSTOM_ACTION_PREFIX}{self.code}"


@dataclass(frozen=True)
class Stage:
    """A pipeline stage: only `active_statuses` may be written; archived ones stay readable on old leads."""

    type: StageType
    active_statuses: tuple[str, ...]
    archived_statuses: tuple[str, ...] = ()
    visible: bool = True


@dataclass(frozen=True)
class Pipeline:
    stages: tuple[Stage, ...]
    active_lost_reasons: tuple[str, ...]
    archived_lost_reasons: tuple[str, ...] = ()
    default_lost_reason: str = "Unknown Reason"

    @property
    def active_statuses(self) -> tuple[str, ...]:
        """Labels of every active status, across stages."""
        return tuple(label for stage in self.stages for label in stage.active_statuses)

    @property
    def archived_statuses(self) -> tuple[str, ...]:
        """Labels of every archived status, across stages."""
        return tuple(label for stage in self.stages for label in stage.archived_statuses)


@dataclass(frozen=True)
class TeamMemberSpec:
    """A team member present at start. Every member who is not Deleted holds a licence seat."""

    name: str
    email: str
    phone_number: str
    role: Role
    status: MemberStatus = "Active"
    manager_email: str | None = None


@dataclass(frozen=True)
class Enterprise:
    name: str
    industry: str = ""
    team_size: str = ""
    website: str = ""
    created_on: int = 0
    integrations: tuple[str, ...] = ()


@dataclass(frozen=True)
class SeedLead:
    """A lead present at start, written as a Sync create body would be (plus timeline-only action types).

    Each action may also carry `performed_by` (a member's email), which API writes cannot set.
    """

    fields: Mapping[str, Any]
    actions: tuple[Mapping[str, Any], ...] = ()
    id: str | None = None
    created_on: int | str | None = None


@dataclass(frozen=True)
class Workspace:
    """Everything a fake Telecrm serves besides the data its clients write.

    Build one with `Workspace.default()`, `Workspace.load(path)` or `Workspace.from_dict(data)`; the file
    format is documented in the default workspace, `telecrm/testing/default_workspace.yaml`.
    """

    enterprise: Enterprise
    pipeline: Pipeline
    lead_identifier: str = "phone"
    default_country_code: str = "91"
    utc_offset: str = "+05:30"
    time_format: str = "HH:mm:ss"
    """The `timeFormat` date fields report: `HH:mm:ss` or `HH:mm` (the docs' example)."""
    license_seats: int = 10
    license_type: str = "GROWTH"
    custom_fields: tuple[Field, ...] = ()
    custom_actions: tuple[CustomActionDefinition, ...] = ()
    team_members: tuple[TeamMemberSpec, ...] = ()
    leads: tuple[SeedLead, ...] = ()
    fields: tuple[Field, ...] = field(init=False)
    """The standard lead fields followed by `custom_fields`."""

    def __post_init__(self) -> None:
        standard = tuple(
            Field(name, kind, lock_after_create=name == self.lead_identifier)
            for name, kind in STANDARD_FIELDS
        )
        object.__setattr__(self, "fields", standard + tuple(self.custom_fields))
        self._check()

    @property
    def tz(self) -> timezone:
        """The workspace's time zone, from its UTC offset."""
        return parse_utc_offset(self.utc_offset)

    def field_named(self, api_name: str) -> Field | None:
        """The field with this API name (case-sensitive), or ``None``."""
        return next((f for f in self.fields if f.api_name == api_name), None)

    @classmethod
    def default(cls) -> Workspace:
        """The realistic workspace shipped with the package (see `default_workspace.yaml`)."""
        return cls.from_dict({})

    @classmethod
    def load(cls, path: str | PathLike[str]) -> Workspace:
        """Read a workspace from a `.json` file, or from YAML (any other suffix)."""
        path = Path(path)
        text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text) if path.suffix.lower() == ".json" else _load_yaml(text)
        except (ValueError, yaml.YAMLError) as exc:
            raise WorkspaceError(f"{path}: not valid JSON or YAML: {exc}") from None
        return cls.from_dict({} if data is None else data)

    @classmethod
    def from_dict(cls, data: object) -> Workspace:
        """Build a workspace from parsed YAML/JSON: each top-level key given replaces the default's whole."""
        if not isinstance(data, dict):
            raise WorkspaceError("workspace: expected a mapping")
        defaults = _default_data()
        unknown = set(data) - set(defaults)
        if unknown:
            raise WorkspaceError(f"workspace: unknown keys {sorted(unknown)}; allowed: {sorted(defaults)}")
        return _parse({**defaults, **data})

    def _check(self) -> None:
        names = [f.api_name for f in self.fields]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise WorkspaceError(f"custom_fields: api_name used twice or by a standard field: {duplicates}")
        identifier = self.field_named(self.lead_identifier)
        if identifier is None or identifier.type not in IDENTIFIER_TYPES:
            raise WorkspaceError(
                f"lead_identifier: {self.lead_identifier!r} must name a field of type "
                f"{', '.join(sorted(IDENTIFIER_TYPES))}"
            )
        codes = [action.code for action in self.custom_actions]
        if len(set(codes)) != len(codes):
            raise WorkspaceError("custom_actions: a code is used twice")
        if not self.pipeline.active_statuses:
            raise WorkspaceError("pipeline: needs at least one active status")
        if self.pipeline.default_lost_reason not in self.pipeline.active_lost_reasons:
            raise WorkspaceError("pipeline.default_lost_reason: must be one of active_lost_reasons")
        emails = [member.email.casefold() for member in self.team_members]
        if len(set(emails)) != len(emails):
            raise WorkspaceError("team_members: an email is used twice")
        if sum(member.status != "Deleted" for member in self.team_members) > self.license_seats:
            raise WorkspaceError("license.seats: fewer seats than team members who are not Deleted")
        if not self.default_country_code.isdigit():
            raise WorkspaceError("default_country_code: digits only, e.g. '91'")
        try:
            parse_utc_offset(self.utc_offset)
        except ValueError as exc:
            raise WorkspaceError(f"utc_offset: {exc}") from None
        if self.time_format not in TIME_FORMATS:
            raise WorkspaceError(f"time_format: {self.time_format!r} is not one of {', '.join(TIME_FORMATS)}")
        for spec in self.fields:
            if len(spec.options) > MAX_FIELD_OPTIONS:
                raise WorkspaceError(f"custom_fields.{spec.api_name}.options: more than {MAX_FIELD_OPTIONS}")


@functools.cache
def _default_data() -> dict[str, Any]:
    text = resources.files("telecrm.testing").joinpath("default_workspace.yaml").read_text(encoding="utf-8")
    return cast("dict[str, Any]", _load_yaml(text))


def _load_yaml(text: str) -> Any:
    # PyYAML's C loader where it was built with libyaml (as its wheels are): the same safe loading, and
    # several times faster than the pure-Python one, which every fake's start pays for the default workspace.
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class _Reader:
    """Typed access to one mapping of a workspace file, with error messages that name the key's path."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, dict):
            raise WorkspaceError(f"{path}: expected a mapping")
        self.data: dict[str, Any] = data
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, kind: type[Any] | tuple[type[Any], ...], default: Any = ...) -> Any:
        if key not in self.data or self.data[key] is None:
            if default is ...:
                raise WorkspaceError(f"{self.at(key)}: required")
            return default
        value = self.data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise WorkspaceError(f"{self.at(key)}: expected {_kind_name(kinds)}, got {value!r}")
        return value

    def text(self, key: str, default: Any = ...) -> Any:
        value = self.get(key, (str, int), default)
        return str(value) if isinstance(value, int) else value

    def labels(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list, [])
        if not all(is_label(value) for value in values):
            raise WorkspaceError(f"{self.at(key)}: expected strings of 1 to 40 characters")
        return tuple(values)

    def items(self, key: str) -> list[_Reader]:
        return [_Reader(item, f"{self.at(key)}[{i}]") for i, item in enumerate(self.get(key, list, []))]

    def choice(self, key: str, allowed: Sequence[str], default: Any = ...) -> Any:
        value = self.get(key, str, default)
        if value not in allowed:
            raise WorkspaceError(f"{self.at(key)}: {value!r} is not one of {', '.join(allowed)}")
        return value


def _kind_name(kinds: tuple[type[Any], ...]) -> str:
    names = {str: "a string", int: "an integer", bool: "true or false", list: "a list", dict: "a mapping"}
    return " or ".join(names[k] for k in kinds)


def _parse(data: dict[str, Any]) -> Workspace:
    root = _Reader(data, "")
    enterprise = _Reader(data["enterprise"], "enterprise")
    licence = _Reader(data["license"], "license")
    pipeline = _Reader(data["pipeline"], "pipeline")
    return Workspace(
        enterprise=Enterprise(
            name=enterprise.text("name"),
            industry=enterprise.text("industry", ""),
            team_size=enterprise.text("team_size", ""),
            website=enterprise.text("website", ""),
            created_on=enterprise.get("created_on", int, 0),
            integrations=tuple(enterprise.get("integrations", list, [])),
        ),
        lead_identifier=root.text("lead_identifier"),
        default_country_code=root.text("default_country_code"),
        utc_offset=root.text("utc_offset"),
        time_format=root.text("time_format", "HH:mm:ss"),
        license_seats=licence.get("seats", int),
        license_type=licence.text("type", "GROWTH"),
        custom_fields=tuple(
            Field(
                api_name=item.text("api_name"),
                type=item.choice("type", sorted(FIELD_TYPES)),
                description=item.text("description", ""),
                lock_after_create=item.get("lock_after_create", bool, False),
                options=item.labels("options"),
            )
            for item in root.items("custom_fields")
        ),
        custom_actions=tuple(_custom_action(item) for item in root.items("custom_actions")),
        pipeline=Pipeline(
            stages=tuple(
                Stage(
                    type=item.choice("type", get_args(StageType)),
                    active_statuses=item.labels("active_statuses"),
                    archived_statuses=item.labels("archived_statuses"),
                    visible=item.get("visible", bool, True),
                )
                for item in pipeline.items("stages")
            ),
            active_lost_reasons=pipeline.labels("active_lost_reasons"),
            archived_lost_reasons=pipeline.labels("archived_lost_reasons"),
            default_lost_reason=pipeline.text("default_lost_reason", "Unknown Reason"),
        ),
        team_members=tuple(
            TeamMemberSpec(
                name=item.text("name"),
                email=item.text("email"),
                phone_number=item.text("phone_number"),
                role=item.choice("role", ROLES),
                status=item.choice("status", MEMBER_STATUSES, "Active"),
                manager_email=item.get("manager_email", str, None),
            )
            for item in root.items("team_members")
        ),
        leads=tuple(
            SeedLead(
                id=item.get("id", str, None),
                created_on=item.get("created_on", (int, str), None),
                fields=item.get("fields", dict),
                actions=tuple(action.data for action in item.items("actions")),
            )
            for item in root.items("leads")
        ),
    )


def _custom_action(item: _Reader) -> CustomActionDefinition:
    code = item.get("code", int)
    if code <= 0:
        raise WorkspaceError(f"{item.at('code')}: must be a positive integer")
    schema = _Reader(item.get("fields", dict, {}), item.at("fields"))
    return CustomActionDefinition(
        code=code,
        display_name=item.text("display_name"),
        description=item.text("description", ""),
        score=item.get("score", int, 0),
        source=item.choice("source", ("USER", "SYSTEM"), "USER"),
        icon=item.text("icon", ""),
        allow_predated=item.get("allow_predated", bool, True),
        fields=tuple(
            ActionField(
                name=name,
                type=spec.choice("type", sorted(FIELD_TYPES)),
                options=spec.labels("options"),
            )
            for name in schema.data
            for spec in [_Reader(schema.data[name], schema.at(str(name)))]
        ),
    )


# Public as telecrm.testing.X: they present so in reprs, tracebacks and pickles.
present_as(
    "telecrm.testing",
    globals(),
    (
        "ActionField",
        "CustomActionDefinition",
        "Enterprise",
        "Field",
        "Pipeline",
        "SeedLead",
        "Stage",
        "TeamMemberSpec",
        "Workspace",
        "WorkspaceError",
    ),
)
