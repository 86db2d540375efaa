from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.lead import Lead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    enterprise_id: str,
    lead_id: str,
    *,
    include_actions: bool | Unset = False,
    skip: int | Unset = 0,
    limit: int | Unset = 10,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["includeActions"] = include_actions

    params["skip"] = skip

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/enterprise/{enterprise_id}/lead/{lead_id}".format(
            enterprise_id=quote(str(enterprise_id), safe=""),
            lead_id=quote(str(lead_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Lead | None:
    if response.status_code == 200:
        response_200 = Lead.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | Lead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    enterprise_id: str,
    lead_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_actions: bool | Unset = False,
    skip: int | Unset = 0,
    limit: int | Unset = 10,
) -> Response[Error | Lead]:
    """Get an existing lead

     Get an existing lead by ID. Optionally include a paginated list of actions on the lead by setting
    `includeActions=true`.

    Args:
        enterprise_id (str):
        lead_id (str):
        include_actions (bool | Unset):  Default: False.
        skip (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Lead]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        lead_id=lead_id,
        include_actions=include_actions,
        skip=skip,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    enterprise_id: str,
    lead_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_actions: bool | Unset = False,
    skip: int | Unset = 0,
    limit: int | Unset = 10,
) -> Error | Lead | None:
    """Get an existing lead

     Get an existing lead by ID. Optionally include a paginated list of actions on the lead by setting
    `includeActions=true`.

    Args:
        enterprise_id (str):
        lead_id (str):
        include_actions (bool | Unset):  Default: False.
        skip (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Lead
    """

    return sync_detailed(
        enterprise_id=enterprise_id,
        lead_id=lead_id,
        client=client,
        include_actions=include_actions,
        skip=skip,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    enterprise_id: str,
    lead_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_actions: bool | Unset = False,
    skip: int | Unset = 0,
    limit: int | Unset = 10,
) -> Response[Error | Lead]:
    """Get an existing lead

     Get an existing lead by ID. Optionally include a paginated list of actions on the lead by setting
    `includeActions=true`.

    Args:
        enterprise_id (str):
        lead_id (str):
        include_actions (bool | Unset):  Default: False.
        skip (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Lead]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        lead_id=lead_id,
        include_actions=include_actions,
        skip=skip,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    enterprise_id: str,
    lead_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_actions: bool | Unset = False,
    skip: int | Unset = 0,
    limit: int | Unset = 10,
) -> Error | Lead | None:
    """Get an existing lead

     Get an existing lead by ID. Optionally include a paginated list of actions on the lead by setting
    `includeActions=true`.

    Args:
        enterprise_id (str):
        lead_id (str):
        include_actions (bool | Unset):  Default: False.
        skip (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Lead
    """

    return (
        await asyncio_detailed(
            enterprise_id=enterprise_id,
            lead_id=lead_id,
            client=client,
            include_actions=include_actions,
            skip=skip,
            limit=limit,
        )
    ).parsed
