from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.custom_fields import CustomFields
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    enterprise_id: str,
    *,
    detail: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["detail"] = detail

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/enterprise/{enterprise_id}/custom-fields".format(
            enterprise_id=quote(str(enterprise_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CustomFields | Error | None:
    if response.status_code == 200:
        response_200 = CustomFields.from_dict(response.json())

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
) -> Response[CustomFields | Error]:
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
    detail: bool | Unset = False,
) -> Response[CustomFields | Error]:
    """Get all custom fields

     Retrieve all custom fields defined in the enterprise. Use the `detail` query parameter to control
    the level of detail in the response.

    Args:
        enterprise_id (str):
        detail (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomFields | Error]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        detail=detail,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    enterprise_id: str,
    *,
    client: AuthenticatedClient | Client,
    detail: bool | Unset = False,
) -> CustomFields | Error | None:
    """Get all custom fields

     Retrieve all custom fields defined in the enterprise. Use the `detail` query parameter to control
    the level of detail in the response.

    Args:
        enterprise_id (str):
        detail (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomFields | Error
    """

    return sync_detailed(
        enterprise_id=enterprise_id,
        client=client,
        detail=detail,
    ).parsed


async def asyncio_detailed(
    enterprise_id: str,
    *,
    client: AuthenticatedClient | Client,
    detail: bool | Unset = False,
) -> Response[CustomFields | Error]:
    """Get all custom fields

     Retrieve all custom fields defined in the enterprise. Use the `detail` query parameter to control
    the level of detail in the response.

    Args:
        enterprise_id (str):
        detail (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomFields | Error]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        detail=detail,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    enterprise_id: str,
    *,
    client: AuthenticatedClient | Client,
    detail: bool | Unset = False,
) -> CustomFields | Error | None:
    """Get all custom fields

     Retrieve all custom fields defined in the enterprise. Use the `detail` query parameter to control
    the level of detail in the response.

    Args:
        enterprise_id (str):
        detail (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomFields | Error
    """

    return (
        await asyncio_detailed(
            enterprise_id=enterprise_id,
            client=client,
            detail=detail,
        )
    ).parsed
