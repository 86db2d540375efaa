"""The generated package, seen from the layer above: lazy access to ``telecrm_api`` and decoding.

An :class:`Operation` is one prepared API call: the generated operation's request arguments (its
``_get_kwargs``) and how the 2xx response becomes the value the caller gets (through the generated
``_parse_response`` and model). Resources build operations; ``Telecrm`` and ``AsyncTelecrm`` differ only in
how they execute them. Generated modules are imported on first use so ``import telecrm`` stays cheap.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, Generic, Literal, TypeVar

import attrs
import httpx

from ._errors import APIResponseValidationError
from ._pagination import Page

__all__ = ["Api", "Operation", "as_dict", "model", "operation", "page"]

T = TypeVar("T")
Api = Literal["sync", "async"]


@attrs.frozen
class Operation(Generic[T]):
    """One prepared API call: the request arguments (``method``, ``url`` relative to the API's base URL,
    ``params``, ``json``, ``headers``) and how to turn the 2xx response into ``T``."""

    api: Api
    request: Mapping[str, Any]
    decode: Callable[[httpx.Response], T]
    #: A call that creates something is replayed only when it provably was not processed.
    creates: bool = False


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"telecrm_api.api.{name}")


def model(name: str) -> Any:
    """A generated model class by ``module.ClassName`` (e.g. ``input_lead.InputLead``)."""
    module, _, cls = name.rpartition(".")
    return getattr(importlib.import_module(f"telecrm_api.models.{module}"), cls)


@functools.cache
def _parse_client() -> Any:
    # _parse_response only reads `raise_on_unexpected_status` from its client argument.
    from telecrm_api.client import Client

    return Client(base_url="", raise_on_unexpected_status=True)


def _decoder(module: ModuleType, convert: Callable[[Any], T]) -> Callable[[httpx.Response], T]:
    def decode(response: httpx.Response) -> T:
        from telecrm_api.errors import UnexpectedStatus

        try:
            # Every success body of this API is a JSON object; the generated from_dict would
            # also accept a list (dict() of pairs) and return nonsense. Checking the first byte
            # spares parsing the body twice.
            if response.content.lstrip()[:1] != b"{":
                raise TypeError("expected a JSON object")
            return convert(module._parse_response(client=_parse_client(), response=response))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError, UnexpectedStatus) as exc:
            raise APIResponseValidationError(
                f"could not decode the {response.request.method} {response.request.url.path} response "
                f"({type(exc).__name__}: {exc})",
                status_code=response.status_code,
                body=response.content,
            ) from exc

    return decode


def operation(
    api: Api,
    name: str,
    convert: Callable[[Any], T],
    *,
    creates: bool = False,
    **arguments: Any,
) -> Operation[T]:
    """The generated operation ``name`` (``module.function``, e.g. ``leads.create_lead``) called with
    ``arguments``, its decoded model passed through ``convert``."""
    module = _module(name)
    return Operation(api, module._get_kwargs(**arguments), _decoder(module, convert), creates)


def as_dict(generated: Any) -> dict[str, Any]:
    """A generated model as the plain mapping it came from (unknown fields kept)."""
    return dict(generated.to_dict())


def page(convert: Callable[[Any], T], skip: int, size: int) -> Callable[[Any], Page[T]]:
    """Decode a list page. ``skip`` and ``limit`` are the ones requested: the server's echo
    of them is optional (action search does not document it) and must not steer paging."""

    def decode(generated: Any) -> Page[T]:
        data = as_dict(generated)
        total = data.get("total_count")
        return Page(
            items=tuple(convert(item) for item in data.get("data") or ()),
            skip=skip,
            limit=size,
            total_count=total if isinstance(total, int) else None,
        )

    return decode
