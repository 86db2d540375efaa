"""``client.workspace``: workspace definitions (fields, custom actions, pipeline, metadata). They change
rarely; read them once and keep them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Unpack

from .. import _checks
from .._actions import CustomAction, async_code, custom_action_code
from .._models import CustomActionDefinition, CustomField, EnterpriseMetadata, Pipeline
from .._operations import Operation, operation, segment
from .._raw_response import RawResponse
from .._requests import RequestOptions
from ._base import AsyncResource, SyncResource, async_raw, raw

__all__ = ["AsyncWorkspace", "AsyncWorkspaceWithRawResponse", "Workspace", "WorkspaceWithRawResponse"]


# --- requests ------------------------------------------------------------------------------------------


def list_custom_fields(enterprise_id: str, detail: bool) -> Operation[tuple[CustomField, ...]]:
    return operation(
        "sync",
        "GET",
        f"/enterprise/{segment(enterprise_id)}/custom-fields",
        lambda data: tuple(CustomField.from_api(item) for item in data.get("customFields") or ()),
        params={"detail": _checks.flag(detail, "detail")},
    )


def get_custom_field(enterprise_id: str, api_name: str) -> Operation[CustomField]:
    name = segment(_checks.identifier(api_name, "api_name"))
    return operation(
        "sync", "GET", f"/enterprise/{segment(enterprise_id)}/custom-fields/{name}", CustomField.from_api
    )


def list_custom_actions(enterprise_id: str, detail: bool) -> Operation[tuple[CustomActionDefinition, ...]]:
    return operation(
        "sync",
        "GET",
        f"/enterprise/{segment(enterprise_id)}/custom-actions",
        lambda data: tuple(CustomActionDefinition.from_api(item) for item in data.get("customActions") or ()),
        params={"detail": _checks.flag(detail, "detail")},
    )


def get_custom_action(
    enterprise_id: str, code: int | str | CustomAction
) -> Operation[CustomActionDefinition]:
    number = code.code if isinstance(code, CustomAction) else custom_action_code(code)
    path = f"/enterprise/{segment(enterprise_id)}/custom-actions/{segment(async_code(number))}"
    return operation("sync", "GET", path, CustomActionDefinition.from_api)


def get_metadata(enterprise_id: str) -> Operation[EnterpriseMetadata]:
    return operation(
        "sync", "GET", f"/enterprise/{segment(enterprise_id)}/metadata", EnterpriseMetadata.from_api
    )


def get_pipeline(enterprise_id: str) -> Operation[Pipeline]:
    path = f"/enterprise/{segment(enterprise_id)}/lead-stage-pipeline"
    return operation("sync", "GET", path, Pipeline.from_api)


# --- resources -----------------------------------------------------------------------------------------


class Workspace(SyncResource):
    """Workspace definitions: fields, custom actions, pipeline, metadata. They change rarely; read them once
    and keep them. Every method also takes the per-call options of :class:`~telecrm.RequestOptions`."""

    def custom_fields(
        self, detail: bool = False, **options: Unpack[RequestOptions]
    ) -> tuple[CustomField, ...]:
        """Every lead field; ``detail=True`` adds ids, descriptions and date formats."""
        return self._run(list_custom_fields(self._enterprise_id, detail), options)

    def custom_field(self, api_name: str, **options: Unpack[RequestOptions]) -> CustomField:
        """One field, by its case-sensitive API name (detailed view)."""
        return self._run(get_custom_field(self._enterprise_id, api_name), options)

    def custom_actions(
        self, detail: bool = False, **options: Unpack[RequestOptions]
    ) -> tuple[CustomActionDefinition, ...]:
        """Every custom action type; ``detail=True`` adds field schemas."""
        return self._run(list_custom_actions(self._enterprise_id, detail), options)

    def custom_action(
        self, code: int | str | CustomAction, **options: Unpack[RequestOptions]
    ) -> CustomActionDefinition:
        """One custom action type by code (``1001`` or ``"ACTION_1001"``)."""
        return self._run(get_custom_action(self._enterprise_id, code), options)

    def metadata(self, **options: Unpack[RequestOptions]) -> EnterpriseMetadata:
        """The workspace: id, name, lead identifier field, integrations, size and industry."""
        return self._run(get_metadata(self._enterprise_id), options)

    def pipeline(self, **options: Unpack[RequestOptions]) -> Pipeline:
        """Stages with active and archived statuses, and lost reasons."""
        return self._run(get_pipeline(self._enterprise_id), options)


class AsyncWorkspace(AsyncResource):
    """Workspace definitions (awaitable). See :class:`Workspace`."""

    async def custom_fields(
        self, detail: bool = False, **options: Unpack[RequestOptions]
    ) -> tuple[CustomField, ...]:
        """See :meth:`Workspace.custom_fields`."""
        return await self._run(list_custom_fields(self._enterprise_id, detail), options)

    async def custom_field(self, api_name: str, **options: Unpack[RequestOptions]) -> CustomField:
        """See :meth:`Workspace.custom_field`."""
        return await self._run(get_custom_field(self._enterprise_id, api_name), options)

    async def custom_actions(
        self, detail: bool = False, **options: Unpack[RequestOptions]
    ) -> tuple[CustomActionDefinition, ...]:
        """See :meth:`Workspace.custom_actions`."""
        return await self._run(list_custom_actions(self._enterprise_id, detail), options)

    async def custom_action(
        self, code: int | str | CustomAction, **options: Unpack[RequestOptions]
    ) -> CustomActionDefinition:
        """See :meth:`Workspace.custom_action`."""
        return await self._run(get_custom_action(self._enterprise_id, code), options)

    async def metadata(self, **options: Unpack[RequestOptions]) -> EnterpriseMetadata:
        """See :meth:`Workspace.metadata`."""
        return await self._run(get_metadata(self._enterprise_id), options)

    async def pipeline(self, **options: Unpack[RequestOptions]) -> Pipeline:
        """See :meth:`Workspace.pipeline`."""
        return await self._run(get_pipeline(self._enterprise_id), options)


class WorkspaceWithRawResponse:
    """``client.with_raw_response.{name}``: the same methods, returning :class:`~telecrm.RawResponse`
    (pagers are not offered: iterate the resource itself)."""

    def __init__(self, resource: Workspace) -> None:
        self.custom_fields: Callable[..., RawResponse[tuple[CustomField, ...]]] = raw(resource.custom_fields)
        self.custom_field: Callable[..., RawResponse[CustomField]] = raw(resource.custom_field)
        self.custom_actions: Callable[..., RawResponse[tuple[CustomActionDefinition, ...]]] = raw(
            resource.custom_actions
        )
        self.custom_action: Callable[..., RawResponse[CustomActionDefinition]] = raw(resource.custom_action)
        self.metadata: Callable[..., RawResponse[EnterpriseMetadata]] = raw(resource.metadata)
        self.pipeline: Callable[..., RawResponse[Pipeline]] = raw(resource.pipeline)


class AsyncWorkspaceWithRawResponse:
    """The awaitable :class:`WorkspaceWithRawResponse`."""

    def __init__(self, resource: AsyncWorkspace) -> None:
        self.custom_fields: Callable[..., Awaitable[RawResponse[tuple[CustomField, ...]]]] = async_raw(
            resource.custom_fields
        )
        self.custom_field: Callable[..., Awaitable[RawResponse[CustomField]]] = async_raw(
            resource.custom_field
        )
        self.custom_actions: Callable[..., Awaitable[RawResponse[tuple[CustomActionDefinition, ...]]]] = (
            async_raw(resource.custom_actions)
        )
        self.custom_action: Callable[..., Awaitable[RawResponse[CustomActionDefinition]]] = async_raw(
            resource.custom_action
        )
        self.metadata: Callable[..., Awaitable[RawResponse[EnterpriseMetadata]]] = async_raw(
            resource.metadata
        )
        self.pipeline: Callable[..., Awaitable[RawResponse[Pipeline]]] = async_raw(resource.pipeline)
