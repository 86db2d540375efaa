from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.custom_action import CustomAction
from ...models.error import Error
from ...models.payment_action import PaymentAction
from ...types import Response


def _get_kwargs(
    enterprise_id: str,
    lead_id: str,
    action_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/enterprise/{enterprise_id}/lead/{lead_id}/action/{action_id}".format(
            enterprise_id=quote(str(enterprise_id), safe=""),
            lead_id=quote(str(lead_id), safe=""),
            action_id=quote(str(action_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CustomAction | PaymentAction | Error | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> CustomAction | PaymentAction:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_lead_action_type_0 = PaymentAction.from_dict(data)

                return componentsschemas_lead_action_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_lead_action_type_1 = CustomAction.from_dict(data)

            return componentsschemas_lead_action_type_1

        response_200 = _parse_response_200(response.json())

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
) -> Response[CustomAction | PaymentAction | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    enterprise_id: str,
    lead_id: str,
    action_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[CustomAction | PaymentAction | Error]:
    """Get an action

     Get an action on a lead by ID

    Args:
        enterprise_id (str):
        lead_id (str):
        action_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomAction | PaymentAction | Error]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        lead_id=lead_id,
        action_id=action_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    enterprise_id: str,
    lead_id: str,
    action_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> CustomAction | PaymentAction | Error | None:
    """Get an action

     Get an action on a lead by ID

    Args:
        enterprise_id (str):
        lead_id (str):
        action_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomAction | PaymentAction | Error
    """

    return sync_detailed(
        enterprise_id=enterprise_id,
        lead_id=lead_id,
        action_id=action_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    enterprise_id: str,
    lead_id: str,
    action_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[CustomAction | PaymentAction | Error]:
    """Get an action

     Get an action on a lead by ID

    Args:
        enterprise_id (str):
        lead_id (str):
        action_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomAction | PaymentAction | Error]
    """

    kwargs = _get_kwargs(
        enterprise_id=enterprise_id,
        lead_id=lead_id,
        action_id=action_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    enterprise_id: str,
    lead_id: str,
    action_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> CustomAction | PaymentAction | Error | None:
    """Get an action

     Get an action on a lead by ID

    Args:
        enterprise_id (str):
        lead_id (str):
        action_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomAction | PaymentAction | Error
    """

    return (
        await asyncio_detailed(
            enterprise_id=enterprise_id,
            lead_id=lead_id,
            action_id=action_id,
            client=client,
        )
    ).parsed
