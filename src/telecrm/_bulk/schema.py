"""The workspace as bulk ingestion checks records against it: :class:`WorkspaceSchema` and its
:class:`SchemaField` entries, public values (``client.ingest.workspace_schema()`` returns one).

Loaded with ``import telecrm`` (the names are exported), so it holds values and their reading from the Sync
API's answers only; the checks themselves are :mod:`telecrm._bulk.preflight`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, cast

from .._models import CustomActionDefinition, CustomField, EnterpriseMetadata, Pipeline
from .._value import JSONReady, field, frozen_mapping, value
from .._vocabulary import STANDARD_FIELDS

__all__ = ["DEFAULT_DATE_FORMAT", "DEFAULT_TIME_FORMAT", "SchemaField", "WorkspaceSchema"]

DEFAULT_DATE_FORMAT: Final = "DD/MM/YYYY"
"""The date format of a workspace that does not say otherwise (moment.js tokens)."""
DEFAULT_TIME_FORMAT: Final = "HH:mm:ss"
"""The time format of a workspace that does not say otherwise (moment.js tokens)."""


@value
class SchemaField(JSONReady):
    """A lead field as bulk ingestion checks it: its API name, its type (upper case: ``TEXT``, ``NUMBER``,
    ``DATE``, ``TAGS``...) and, for dates, the workspace's formats (moment.js tokens, ``DD/MM/YYYY`` and
    ``HH:mm:ss`` unless the workspace says otherwise)."""

    api_name: str
    type: str
    date_format: str = DEFAULT_DATE_FORMAT
    time_format: str = DEFAULT_TIME_FORMAT


def _frozen_actions(actions: Mapping[int, Mapping[str, str]]) -> Mapping[int, Mapping[str, str]]:
    by_code = {code: frozen_mapping(fields) for code, fields in actions.items()}
    # FrozenMapping is typed for the str keys of JSON objects; it copies a mapping of any keys.
    return cast("Mapping[int, Mapping[str, str]]", frozen_mapping(cast("Mapping[str, Any]", by_code)))


@value
class WorkspaceSchema(JSONReady):
    """The workspace as ``upsert_many``'s preflight checks every record against it: its lead fields (the
    standard ones and the custom ones) by API name, the lead identifier, each custom action's fields and
    types, and the pipeline's status and lost-reason labels.

    ``client.ingest.workspace_schema()`` returns the one preflight uses; read it to type spreadsheet cells by
    their field's type or to check a file's columns before sending anything. Build one from the Sync API's
    answers with :meth:`from_api`.
    """

    #: Lead field API name -> the field.
    fields: Mapping[str, SchemaField] = field(converter=frozen_mapping, hash=False)
    #: The API name of the field leads are matched on (``phone`` unless the workspace says otherwise).
    identifier: str
    #: Custom action code -> its field API names -> their types (upper case).
    actions: Mapping[int, Mapping[str, str]] = field(converter=_frozen_actions, hash=False)
    #: Status labels a lead can be given now.
    active_statuses: frozenset[str]
    #: Status labels kept for old leads, refused on write.
    archived_statuses: frozenset[str] = frozenset()
    #: Lost-reason labels a lead can be given now.
    active_lost_reasons: frozenset[str] = frozenset()
    #: Lost-reason labels kept for old leads, refused on write.
    archived_lost_reasons: frozenset[str] = frozenset()

    def field_type(self, api_name: str) -> str | None:
        """The type of the lead field ``api_name`` (``"NUMBER"``...), or ``None``: no such field."""
        spec = self.fields.get(api_name)
        return None if spec is None else spec.type

    @classmethod
    def from_api(
        cls,
        fields: Sequence[CustomField],
        actions: Sequence[CustomActionDefinition],
        pipeline: Pipeline,
        metadata: EnterpriseMetadata | None = None,
    ) -> WorkspaceSchema:
        """Build it from the Sync API's answers: ``workspace.custom_fields(detail=True)``,
        ``workspace.custom_actions(detail=True)``, ``workspace.pipeline()``, and ``workspace.metadata()``
        when no field is flagged as the lead identifier."""
        specs = {name: SchemaField(name, kind) for name, kind in STANDARD_FIELDS.items()}
        for custom in fields:
            if custom.api_name:
                specs[custom.api_name] = SchemaField(
                    custom.api_name,
                    custom.type.upper(),
                    custom.date_format or DEFAULT_DATE_FORMAT,
                    custom.time_format or DEFAULT_TIME_FORMAT,
                )
        identifier = next((custom.api_name for custom in fields if custom.is_lead_identifier), None)
        if identifier is None and metadata is not None and metadata.lead_identifier_field:
            # leadIdentifierFieldId is documented as a field id; the docs' example holds an API name.
            wanted = metadata.lead_identifier_field
            identifier = next((f.api_name for f in fields if wanted in (f.id, f.api_name)), wanted)
        custom_actions = {
            definition.code: {
                str(name): str(spec.get("type", "")).upper() if isinstance(spec, Mapping) else ""
                for name, spec in definition.field_schema.items()
            }
            for definition in actions
            if isinstance(definition.code, int)
        }
        return cls(
            fields=specs,
            identifier=identifier or "phone",  # the documented default identifier
            actions=custom_actions,
            active_statuses=pipeline.active_status_labels,
            archived_statuses=frozenset(
                status.label for stage in pipeline.stages for status in stage.archived_statuses
            ),
            active_lost_reasons=pipeline.active_lost_reason_labels,
            archived_lost_reasons=frozenset(reason.label for reason in pipeline.archived_lost_reasons),
        )
