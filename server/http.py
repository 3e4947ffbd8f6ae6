"""What every response shares: the body-size limit and errors as ``{"detail": "<sentence>"}``.

Whatever a client sends, the answer is a status it can act on and a sentence
a person can read; a 500 is only ever a fault of the server itself.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import (
    BatchRefused,
    CodeRefused,
    DatabaseError,
    InvalidRequest,
    NotHeld,
    ServerError,
    Unauthorized,
)

log = logging.getLogger(__name__)


class Sentence(HTTPException):
    """An HTTP error whose detail is already a sentence for the client."""


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes, declared or streamed, with a 413."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit():
            refusal = error(HTTPStatus.BAD_REQUEST, "The Content-Length header is not a number.")
            await refusal(scope, receive, send)
            return
        if int(declared) > self.limit:
            await error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, self._too_large())(
                scope, receive, send
            )
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise Sentence(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, self._too_large())
            return message

        await self.app(scope, counted, send)

    def _too_large(self) -> str:
        return f"The request body is larger than this server takes ({self.limit} bytes)."


def error(status: int, sentence: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": sentence}, status_code=status, headers=headers)


_FRAMEWORK = {
    400: "The request body could not be read as JSON.",
    404: "There is nothing at this path; the API is under /v1.",
    405: "This path does not take that method.",
}


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc, Sentence):
        return error(exc.status_code, str(exc.detail), exc.headers)
    sentence = _FRAMEWORK.get(exc.status_code) or f"{HTTPStatus(exc.status_code).phrase}."
    return error(exc.status_code, sentence, exc.headers)


async def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {}
    if first.get("type") == "json_invalid":
        return error(422, "The request body is not valid JSON.")
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    return error(422, f"The request was refused: {where or 'the body'}: {message}.")


async def _server_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServerError)
    if isinstance(exc, Unauthorized):
        return error(401, str(exc), {"WWW-Authenticate": "Bearer"})
    if isinstance(exc, CodeRefused):
        return error(403, str(exc))
    if isinstance(exc, NotHeld):
        return error(404, str(exc))
    if isinstance(exc, BatchRefused):
        return error(409 if exc.conflict else 422, str(exc))
    if isinstance(exc, InvalidRequest):
        return error(422, str(exc))
    if isinstance(exc, DatabaseError):
        return error(503, str(exc))
    return error(409, str(exc))


async def _clash(_request: Request, _exc: Exception) -> JSONResponse:
    # Two requests raced for the same row; the one that lost changed nothing.
    return error(409, "The request clashed with another made at the same time; send it again.")


async def _unavailable(_request: Request, exc: Exception) -> JSONResponse:
    log.error("database unavailable: %s", exc)
    return error(503, "The server's database is unavailable; try again later.")


async def _fault(_request: Request, _exc: Exception) -> JSONResponse:
    return error(500, "The server failed on this request; its log has the details.")


def install(app: FastAPI) -> None:
    """Turn every error into a status and ``{"detail": "<sentence>"}``."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(ServerError, _server_error)
    app.add_exception_handler(IntegrityError, _clash)
    app.add_exception_handler(OperationalError, _unavailable)
    app.add_exception_handler(PoolTimeout, _unavailable)
    app.add_exception_handler(Exception, _fault)
