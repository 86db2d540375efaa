"""The workspace's metadata, as the Sync API reads it: custom fields, custom actions, the enterprise's
metadata and the lead stage pipeline (with the options learnt from writes); and the enterprise's record,
which a test may delete."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Final

from telecrm.testing._store.errors import ApiError, Json
from telecrm.testing._store.shared import Shared
from telecrm.testing._vocabulary import DATE_FORMAT, LISTED_FIELD_TYPES
from telecrm.testing._workspace import CustomActionDefinition, Field, stable_id

_STATUS_COLORS: Final = {"OPEN": "#2F80ED", "WON": "#27AE60", "LOST": "#EB5757"}


class WorkspaceMetadata:
    """The Sync operations on the workspace's metadata."""

    def __init__(self, shared: Shared) -> None:
        self._shared = shared

    def delete_enterprise(self) -> None:
        """Lose the enterprise's record until the next reset: the metadata operations answer 404."""
        with self._shared.lock:
            self._shared.enterprise_deleted = True

    def _enterprise_found(self) -> None:
        if self._shared.enterprise_deleted:
            raise ApiError(
                404,
                "ENTERPRISE_NOT_FOUND",
                f"The enterprise with ID {self._shared.enterprise_id} was not found.",
            )

    def _owner(self) -> str:
        admin = next((m for m in self._shared.members if m.role == "ADMIN"), None)
        return "system" if admin is None else admin.email

    # -- custom fields ---------------------------------------------------------------------------------------

    def _field_json(self, spec: Field, *, detail: bool) -> Json:
        workspace = self._shared.workspace
        labels = self._shared.labels.of(spec.api_name)
        options = labels if spec.type == "DROPDOWN" else []
        tags = labels if spec.type == "TAGS" else []
        item: Json = {
            "type": spec.type,
            "apiName": spec.api_name,
            "lockAfterCreate": spec.lock_after_create,
            "isLeadid": spec.api_name == workspace.lead_identifier,
        }
        if not detail:
            return item | {"options": list(options), "tags": list(tags)}

        def labelled(values: list[str]) -> list[Json]:
            return [{"id": stable_id("option", spec.api_name, label), "label": label} for label in values]

        item = {"id": spec.id, **item, "description": spec.description}
        item |= {"options": labelled(options), "tags": labelled(tags)}
        if spec.type == "DATE":
            item |= {"dateFormat": DATE_FORMAT, "timeFormat": workspace.time_format}
        return item

    def _listed_fields(self) -> Iterator[Field]:
        return (f for f in self._shared.workspace.fields if f.type in LISTED_FIELD_TYPES)

    def custom_fields(self, *, detail: bool) -> Json:
        """`GET /custom-fields`."""
        with self._shared.lock:
            self._enterprise_found()
            return {"customFields": [self._field_json(f, detail=detail) for f in self._listed_fields()]}

    def custom_field(self, api_name: str) -> Json:
        """`GET /custom-fields/{apiName}`."""
        with self._shared.lock:
            self._enterprise_found()
            spec = next((f for f in self._listed_fields() if f.api_name == api_name), None)
            if spec is None:
                raise ApiError(404, "NOT_FOUND", f"Could not find custom field with apiName {api_name}")
            return self._field_json(spec, detail=True)

    # -- custom actions --------------------------------------------------------------------------------------

    def _custom_action_json(self, definition: CustomActionDefinition, *, detail: bool) -> Json:
        summary: Json = {
            "code": definition.prefixed_code,
            "displayName": definition.display_name,
            "score": definition.score,
            "source": definition.source,
        }
        if not detail:
            return summary
        schema: Json = {}
        for spec in definition.fields:
            schema[spec.name] = {"type": spec.type}
            if spec.type == "DROPDOWN":
                schema[spec.name]["options"] = self._shared.labels.of(f"{definition.code}.{spec.name}")
        owner = self._owner()
        created = self._shared.workspace.enterprise.created_on
        return {
            "id": definition.id,
            **summary,
            "icon": definition.icon,
            "description": definition.description,
            "fieldSchema": schema,
            "displaySchema": {"fields": [spec.name for spec in definition.fields]},
            "allowPredatedActivity": {"enabled": definition.allow_predated},
            "quickAdd": {"enabled": False},
            "definitionType": "USER_DEFINED" if definition.source == "USER" else "SYSTEM_DEFINED",
            "createdOn": created,
            "createdBy": owner,
            "modifiedOn": created,
            "modifiedBy": owner,
        }

    def custom_actions(self, *, detail: bool) -> Json:
        """`GET /custom-actions`."""
        with self._shared.lock:
            self._enterprise_found()
            definitions = self._shared.workspace.custom_actions
            return {"customActions": [self._custom_action_json(a, detail=detail) for a in definitions]}

    def custom_action(self, code: str) -> Json:
        """`GET /custom-actions/{code}` (the prefixed code)."""
        with self._shared.lock:
            self._enterprise_found()
            definitions = self._shared.workspace.custom_actions
            definition = next((a for a in definitions if a.prefixed_code == code), None)
            if definition is None:
                raise ApiError(404, "NOT_FOUND", f"Custom action with code {code} was not found.")
            return self._custom_action_json(definition, detail=True)

    # -- enterprise and pipeline -----------------------------------------------------------------------------

    def metadata(self) -> Json:
        """`GET /metadata`."""
        workspace = self._shared.workspace
        enterprise = workspace.enterprise
        with self._shared.lock:
            self._enterprise_found()
        return {
            "name": enterprise.name,
            "id": self._shared.enterprise_id,
            "creationTimeStamp": enterprise.created_on,
            "teamSize": enterprise.team_size,
            "industry": enterprise.industry,
            "website": enterprise.website,
            "leadIdentifierFieldId": workspace.lead_identifier,
            "integrations": list(enterprise.integrations),
        }

    def pipeline(self) -> Json:
        """`GET /lead-stage-pipeline`."""
        workspace = self._shared.workspace
        pipeline = workspace.pipeline
        ids = itertools.count(1)

        def statuses(labels: Iterable[str], color: str) -> list[Json]:
            return [{"statusid": next(ids), "label": label, "color": color} for label in labels]

        def reasons(labels: Iterable[str]) -> list[Json]:
            return [
                {
                    "reasonid": next(ids),
                    "reasonLabel": label,
                    "isDefault": label == pipeline.default_lost_reason,
                }
                for label in labels
            ]

        with self._shared.lock:
            self._enterprise_found()
            return {
                "leadStages": [
                    {
                        "stageid": stable_id("stage", index, stage.type),
                        "stageType": stage.type,
                        "visibility": stage.visible,
                        "activeStatuses": statuses(stage.active_statuses, _STATUS_COLORS[stage.type]),
                        "archivedStatuses": statuses(stage.archived_statuses, "#9E9E9E"),
                    }
                    for index, stage in enumerate(pipeline.stages)
                ],
                "activeLeadLostReasons": reasons(pipeline.active_lost_reasons),
                "archivedLeadLostReasons": reasons(pipeline.archived_lost_reasons),
                "creationTimestamp": workspace.enterprise.created_on,
                "modificationTimestamp": workspace.enterprise.created_on,
                "lastModifiedBy": self._owner(),
                "version": 1,
            }
