from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_actions_body import CreateActionsBody
from ...models.create_actions_response import CreateActionsResponse
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    enterprise_id: str,
    lead_id: str,
    *,
    body: CreateActionsBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/enterprise/{enterprise_id}/lead/{lead_id}/action".format(
            enterprise_id=quote(str(enterprise_id), safe=""),
            lead_id=quote(str(lead_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateActionsResponse | Error | None:
    if response.status_code == 200:
        response_200 = CreateActionsResponse.from_dict(response.json())

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
) -> Response[CreateActionsResponse | Error]:
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
    body: CreateActionsBody,
) -> Response[CreateActionsResponse | Error]:
    """Create actions

     Create actions on a lead by ID

    Args:
        enterprise_id (str):
        lead_id (str):
        body (CreateActionsBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateActionsResponse | Error]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        lead_id=lead_id,
        body=body,
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
    body: CreateActionsBody,
) -> CreateActionsResponse | Error | None:
    """Create actions

     Create actions on a lead by ID

    Args:
        enterprise_id (str):
        lead_id (str):
        body (CreateActionsBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateActionsResponse | Error
    """

    return sync_detailed(
        enterprise_id=enterprise_id,
        lead_id=lead_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    enterprise_id: str,
    lead_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateActionsBody,
) -> Response[CreateActionsResponse | Error]:
    """Create actions

     Create actions on a lead by ID

    Args:
        enterprise_id (str):
        lead_id (str):
        body (CreateActionsBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateActionsResponse | Error]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        lead_id=lead_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    enterprise_id: str,
    lead_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateActionsBody,
) -> CreateActionsResponse | Error | None:
    """Create actions

     Create actions on a lead by ID

    Args:
        enterprise_id (str):
        lead_id (str):
        body (CreateActionsBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateActionsResponse | Error
    """

    return (
        await asyncio_detailed(
            enterprise_id=enterprise_id,
            lead_id=lead_id,
            client=client,
            body=body,
        )
    ).parsed
