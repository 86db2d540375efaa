"""What operations answer and how they refuse: `Json` in and out, `ApiError` for every error answer (with the
documented status, code and message: telecrm-api.md, sections 5 and 8), and the request-body checks that raise
the 400s."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
"""A JSON object as operations take and answer it."""


class ApiError(Exception):
    """An error answer: `status` and the body `{"error": {"code", "message"[, "details"]}}`."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}

    def body(self) -> Json:
        """The answer's JSON body."""
        error: Json = {"code": self.code, "message": self.message}
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}


def bad_request(message: str, code: str = "BAD_REQUEST") -> ApiError:
    """A 400 answer saying `message`."""
    return ApiError(400, code, message)


def object_with(
    body: Any, key: str, kind: type[Any], *, default: Any = ..., code: str = "BAD_REQUEST"
) -> Any:
    """`body[key]` checked against `kind`; 400 if the body is not an object or the key is missing/mistyped.

    A missing (or null) key gives `default` when one is given.
    """
    if not isinstance(body, dict):
        raise bad_request("Request body must be a JSON object", code)
    if key not in body or body[key] is None:
        if default is ...:
            raise bad_request(f"'{key}' is required", code)
        return default
    value = body[key]
    if not isinstance(value, kind):
        names: dict[type[Any], str] = {dict: "an object", list: "an array", str: "a string"}
        raise bad_request(f"'{key}' must be {names[kind]}", code)
    return value


def remark(where: str, text: str) -> Json:
    """A Sync create endpoint's remark on a part of the request it left out (`IGNORED`)."""
    return {"field": where, "status": "IGNORED", "remark": text}
