from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.custom_field_detailed import CustomFieldDetailed
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    enterprise_id: str,
    api_name: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/enterprise/{enterprise_id}/custom-fields/{api_name}".format(
            enterprise_id=quote(str(enterprise_id), safe=""),
            api_name=quote(str(api_name), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CustomFieldDetailed | Error | None:
    if response.status_code == 200:
        response_200 = CustomFieldDetailed.from_dict(response.json())

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
) -> Response[CustomFieldDetailed | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    enterprise_id: str,
    api_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[CustomFieldDetailed | Error]:
    """Get a custom field by API name

     Retrieve a specific custom field definition by its unique API name

    Args:
        enterprise_id (str):
        api_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomFieldDetailed | Error]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        api_name=api_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    enterprise_id: str,
    api_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> CustomFieldDetailed | Error | None:
    """Get a custom field by API name

     Retrieve a specific custom field definition by its unique API name

    Args:
        enterprise_id (str):
        api_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomFieldDetailed | Error
    """

    return sync_detailed(
        enterprise_id=enterprise_id,
        api_name=api_name,
        client=client,
    ).parsed


async def asyncio_detailed(
    enterprise_id: str,
    api_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[CustomFieldDetailed | Error]:
    """Get a custom field by API name

     Retrieve a specific custom field definition by its unique API name

    Args:
        enterprise_id (str):
        api_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomFieldDetailed | Error]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        api_name=api_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    enterprise_id: str,
    api_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> CustomFieldDetailed | Error | None:
    """Get a custom field by API name

     Retrieve a specific custom field definition by its unique API name

    Args:
        enterprise_id (str):
        api_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomFieldDetailed | Error
    """

    return (
        await asyncio_detailed(
            enterprise_id=enterprise_id,
            api_name=api_name,
            client=client,
        )
    ).parsed
