"""What every route of the API depends on: the engine, a reading connection, the device."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from server import auth
from server.db import READ
from server.errors import Unauthorized
from server.settings import ServerSettings


class ErrorOut(BaseModel):
    detail: str = Field(description="What went wrong, as a sentence")


_bearer = HTTPBearer(auto_error=False, description="The device token from /v1/enrol")


def errors(*codes: int) -> dict[int | str, dict[str, object]]:
    """The error statuses a route answers, each with its ``{"detail": sentence}`` body."""
    return {code: {"model": ErrorOut} for code in (*codes, 503)}


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def secret(request: Request) -> str:
    settings: ServerSettings = request.app.state.settings
    return settings.secret.get_secret_value()


def _reading(engine: Annotated[Engine, Depends(_engine)]) -> Iterator[Connection]:
    with engine.connect().execution_options(**READ) as conn, conn.begin():
        yield conn


def _device(
    request: Request,
    engine: Annotated[Engine, Depends(_engine)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if credentials is None:
        raise Unauthorized(
            "This request needs the device's token: send it as `Authorization: Bearer TOKEN`."
        )
    # A connection of its own, given back at once: a request never holds two.
    with engine.connect().execution_options(**READ) as conn, conn.begin():
        return auth.authenticate(conn, secret(request), credentials.credentials)


Reading = Annotated[Connection, Depends(_reading)]
DeviceId = Annotated[str, Depends(_device)]
EngineDep = Annotated[Engine, Depends(_engine)]
