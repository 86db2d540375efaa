from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.team_member_response import TeamMemberResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    enterprise_id: str,
    email: str,
    *,
    include_deleted: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["includeDeleted"] = include_deleted

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/enterprise/{enterprise_id}/team-members/{email}".format(
            enterprise_id=quote(str(enterprise_id), safe=""),
            email=quote(str(email), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | TeamMemberResponse | None:
    if response.status_code == 200:
        response_200 = TeamMemberResponse.from_dict(response.json())

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
) -> Response[Error | TeamMemberResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    enterprise_id: str,
    email: str,
    *,
    client: AuthenticatedClient | Client,
    include_deleted: bool | Unset = False,
) -> Response[Error | TeamMemberResponse]:
    """Get a team member by email

     Retrieve a single team member by their email address.

    Args:
        enterprise_id (str):
        email (str):
        include_deleted (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TeamMemberResponse]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        email=email,
        include_deleted=include_deleted,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    enterprise_id: str,
    email: str,
    *,
    client: AuthenticatedClient | Client,
    include_deleted: bool | Unset = False,
) -> Error | TeamMemberResponse | None:
    """Get a team member by email

     Retrieve a single team member by their email address.

    Args:
        enterprise_id (str):
        email (str):
        include_deleted (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TeamMemberResponse
    """

    return sync_detailed(
        enterprise_id=enterprise_id,
        email=email,
        client=client,
        include_deleted=include_deleted,
    ).parsed


async def asyncio_detailed(
    enterprise_id: str,
    email: str,
    *,
    client: AuthenticatedClient | Client,
    include_deleted: bool | Unset = False,
) -> Response[Error | TeamMemberResponse]:
    """Get a team member by email

     Retrieve a single team member by their email address.

    Args:
        enterprise_id (str):
        email (str):
        include_deleted (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TeamMemberResponse]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        email=email,
        include_deleted=include_deleted,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    enterprise_id: str,
    email: str,
    *,
    client: AuthenticatedClient | Client,
    include_deleted: bool | Unset = False,
) -> Error | TeamMemberResponse | None:
    """Get a team member by email

     Retrieve a single team member by their email address.

    Args:
        enterprise_id (str):
        email (str):
        include_deleted (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TeamMemberResponse
    """

    return (
        await asyncio_detailed(
            enterprise_id=enterprise_id,
            email=email,
            client=client,
            include_deleted=include_deleted,
        )
    ).parsed
