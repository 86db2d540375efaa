from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.enterprise_metadata import EnterpriseMetadata
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    enterprise_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/enterprise/{enterprise_id}/metadata".format(
            enterprise_id=quote(str(enterprise_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnterpriseMetadata | Error | None:
    if response.status_code == 200:
        response_200 = EnterpriseMetadata.from_dict(response.json())

        return response_200

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
) -> Response[EnterpriseMetadata | Error]:
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
) -> Response[EnterpriseMetadata | Error]:
    """Get enterprise metadata

     Retrieve metadata information about the enterprise including name, industry, team size, and
    integrations

    Args:
        enterprise_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnterpriseMetadata | Error]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    enterprise_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> EnterpriseMetadata | Error | None:
    """Get enterprise metadata

     Retrieve metadata information about the enterprise including name, industry, team size, and
    integrations

    Args:
        enterprise_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnterpriseMetadata | Error
    """

    return sync_detailed(
        enterprise_id=enterprise_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    enterprise_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[EnterpriseMetadata | Error]:
    """Get enterprise metadata

     Retrieve metadata information about the enterprise including name, industry, team size, and
    integrations

    Args:
        enterprise_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnterpriseMetadata | Error]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    enterprise_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> EnterpriseMetadata | Error | None:
    """Get enterprise metadata

     Retrieve metadata information about the enterprise including name, industry, team size, and
    integrations

    Args:
        enterprise_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnterpriseMetadata | Error
    """

    return (
        await asyncio_detailed(
            enterprise_id=enterprise_id,
            client=client,
        )
    ).parsed
