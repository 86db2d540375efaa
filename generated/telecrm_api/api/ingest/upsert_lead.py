from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.async_lead_upsert import AsyncLeadUpsert
from ...models.async_queued import AsyncQueued
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    enterprise_id: str,
    *,
    body: AsyncLeadUpsert,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/enterprise/{enterprise_id}/autoupdatelead".format(
            enterprise_id=quote(str(enterprise_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AsyncQueued | Error | None:
    if response.status_code == 200:
        response_200 = AsyncQueued.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AsyncQueued | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    enterprise_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AsyncLeadUpsert,
) -> Response[AsyncQueued | Error]:
    """Create or update a lead (Async)

     Queues a create-or-update keyed on the workspace's lead identifier: a match updates only the
    supplied fields, no match creates the lead. Actions are appended in the order given. Nothing is
    validated synchronously: a payload without the identifier, a field of the wrong type or a custom
    action without the ACTION_ prefix is dropped in the background without any report.

    Args:
        enterprise_id (str):
        body (AsyncLeadUpsert):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AsyncQueued | Error]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    enterprise_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AsyncLeadUpsert,
) -> AsyncQueued | Error | None:
    """Create or update a lead (Async)

     Queues a create-or-update keyed on the workspace's lead identifier: a match updates only the
    supplied fields, no match creates the lead. Actions are appended in the order given. Nothing is
    validated synchronously: a payload without the identifier, a field of the wrong type or a custom
    action without the ACTION_ prefix is dropped in the background without any report.

    Args:
        enterprise_id (str):
        body (AsyncLeadUpsert):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AsyncQueued | Error
    """

    return sync_detailed(
        enterprise_id=enterprise_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    enterprise_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AsyncLeadUpsert,
) -> Response[AsyncQueued | Error]:
    """Create or update a lead (Async)

     Queues a create-or-update keyed on the workspace's lead identifier: a match updates only the
    supplied fields, no match creates the lead. Actions are appended in the order given. Nothing is
    validated synchronously: a payload without the identifier, a field of the wrong type or a custom
    action without the ACTION_ prefix is dropped in the background without any report.

    Args:
        enterprise_id (str):
        body (AsyncLeadUpsert):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AsyncQueued | Error]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    enterprise_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AsyncLeadUpsert,
) -> AsyncQueued | Error | None:
    """Create or update a lead (Async)

     Queues a create-or-update keyed on the workspace's lead identifier: a match updates only the
    supplied fields, no match creates the lead. Actions are appended in the order given. Nothing is
    validated synchronously: a payload without the identifier, a field of the wrong type or a custom
    action without the ACTION_ prefix is dropped in the background without any report.

    Args:
        enterprise_id (str):
        body (AsyncLeadUpsert):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AsyncQueued | Error
    """

    return (
        await asyncio_detailed(
            enterprise_id=enterprise_id,
            client=client,
            body=body,
        )
    ).parsed
