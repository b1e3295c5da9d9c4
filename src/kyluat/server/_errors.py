"""Refusals as JSON ``{"code", "field", "message"}``, and the request size limits (private).

Every answer that is not a result has this one shape, whatever refused the request:

* the library (a [`KyluatError`][kyluat.KyluatError]: its stable ``code``, its field renamed to
  the request's, its message) — status 422;
* the request's validation (a field missing, of the wrong type, unknown; malformed JSON) —
  status 422, code ``invalid_input``;
* the HTTP layer — 404 ``not_found`` (no such path), 405 ``method_not_allowed``, 413
  ``payload_too_large``, 415 ``unsupported_media_type``;
* a bug — 500 ``internal_error``, with no traceback and no exception text (the server's log has
  them).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kyluat.errors import KyluatError

__all__ = [
    "CHECK_PATH",
    "INVALID",
    "BodyLimit",
    "MediaTypeError",
    "TooLargeError",
    "install_handlers",
    "refusal",
]

INVALID: Final = 422
"""The status of every refused input: the library's refusals and the request's validation."""

CHECK_PATH: Final = "/v1/check"
"""The one path whose body is a file (its own, larger size limit)."""

_HTTP_CODES: Final = {
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}
"""The service's codes for the HTTP layer's refusals (the library's codes for everything else)."""

_PLACES: Final = frozenset({"body", "query", "path", "header", "cookie"})
_PREFIXES: Final = ("Value error, ", "Assertion failed, ")
"""pydantic's prefixes, removed as `kyluat._validate.from_pydantic` removes them."""


def refusal(status: int, code: str, field: str | None, message: str) -> JSONResponse:
    """The JSON answer of a refused request."""
    return JSONResponse({"code": code, "field": field, "message": message}, status_code=status)


class TooLargeError(HTTPException):
    """A request body over its size limit (an HTTP error, so that FastAPI passes it on)."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"the request body is larger than {limit:,} bytes",
            headers={"Connection": "close"},  # the rest of the body is not read
        )


class MediaTypeError(HTTPException):
    """A body of a media type the endpoint does not read."""

    def __init__(self, message: str) -> None:
        super().__init__(415, message)


def _validation_refusal(errors: Sequence[Any]) -> JSONResponse:
    """The refusal for FastAPI's validation errors: the first one, as kyluat says it."""
    first: Mapping[str, Any] = errors[0] if errors else {}
    loc = list(first.get("loc", ()))
    kind = first.get("type", "")
    if kind == "json_invalid":
        error = first.get("ctx", {}).get("error", "")
        return refusal(INVALID, "invalid_input", "body", f"malformed JSON ({error})".strip())
    if loc[:1] == ["body"] and len(loc) == 1 and isinstance(first.get("input"), bytes):
        return refusal(
            415,
            "unsupported_media_type",
            "Content-Type",
            "the body must be a JSON object sent with Content-Type: application/json",
        )
    if loc and loc[0] in _PLACES:
        loc = loc[1:]
    cause = first.get("ctx", {}).get("error")
    if isinstance(cause, KyluatError):  # a library model refused it: its code and its field
        field = ".".join(str(part) for part in [*loc, cause.field or ""] if part != "")
        return refusal(INVALID, cause.code, field or "body", cause.message)
    field = ".".join(str(part) for part in loc) or "body"
    message = str(first.get("msg", "invalid value"))
    for noise in _PREFIXES:
        if message.startswith(noise):
            message = message[len(noise) :]
    return refusal(INVALID, "invalid_input", field, message)


def install_handlers(app: FastAPI) -> None:
    """Answer every refusal and every failure with ``{"code", "field", "message"}``."""

    async def library(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, KyluatError)
        return refusal(INVALID, exc.code, exc.field, exc.message)

    async def validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return _validation_refusal(exc.errors())

    async def http(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 400:  # FastAPI could not parse the body: bytes that are not text
            return refusal(
                INVALID, "invalid_input", "body", "malformed JSON (the body is not UTF-8 text)"
            )
        code = _HTTP_CODES.get(exc.status_code, "invalid_input")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        field = "Content-Type" if exc.status_code == 415 else None
        response = refusal(exc.status_code, code, field, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def internal(_: Request, exc: Exception) -> JSONResponse:
        return refusal(
            500,
            "internal_error",
            None,
            f"internal error ({type(exc).__name__}); please report it with the request",
        )

    app.add_exception_handler(KyluatError, library)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(HTTPException, http)
    app.add_exception_handler(Exception, internal)


class BodyLimit:
    """ASGI middleware: refuse a body over its limit, announced or streamed, with 413.

    A ``Content-Length`` over the limit is refused before the body is read (and the connection
    closed); a body sent in chunks is counted as it arrives and refused once it passes the
    limit. ``/v1/check`` has its own limit (a records file), every other path the JSON one.
    """

    def __init__(self, app: ASGIApp, *, limit: int, check_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.check_limit = check_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.check_limit if scope.get("path") == CHECK_PATH else self.limit
        announced = _content_length(scope)
        if announced is not None and announced > limit:
            await _refuse(send, 413, "payload_too_large", TooLargeError(limit).detail)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLargeError(limit)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    """The announced body length (a length that is not a number counts as too large)."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() and len(text) < 20 else 1 << 62
    return None


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    """Answer a refusal straight from the middleware, closing the connection."""
    body = json.dumps(
        {"code": code, "field": None, "message": message}, ensure_ascii=False
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
