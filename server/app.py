"""The HTTP API: enrolment, push, pull, health and the branch's CA, under /v1."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import select, text
from sqlalchemy.engine import Connection

from server import auth, dataroutes, http, migrate, sync, tls
from server.db import MAX_SEQ, READ, people
from server.deps import DeviceId, EngineDep, ErrorOut, Reading, secret
from server.deps import errors as _errors
from server.errors import InvalidRequest, Refused
from server.settings import ServerSettings

API_VERSION = "1"
MAX_PULL = 1000
PEM = "application/x-pem-file"


class UserClaim(BaseModel):
    user_id: str = Field(max_length=64)
    username: str = Field(max_length=64)


class EnrolIn(BaseModel):
    code: str = Field(max_length=64, description="The one-time code from `enrol-device`")
    device_id: str = Field(max_length=64, description="The workstation's device id (UUIDv7)")
    name: str = Field(max_length=200, description="The name the code was issued for")
    users: list[UserClaim] = Field(
        default_factory=list,
        max_length=1000,
        description="The workstation's users: a name another person holds in the branch "
        "refuses the enrolment (the code stays unused)",
    )


class EnrolOut(BaseModel):
    device_id: str
    token: str = Field(description="The device's bearer token; shown once, stored hashed")


class PushIn(BaseModel):
    events: list[str] = Field(description="Base64 of each event's canonical bytes, in order")


class AckOut(BaseModel):
    id: str
    server_seq: int
    refused: str | None = Field(
        default=None,
        description="Why the branch refused to apply the event (it is kept in the chain)",
    )


class PushOut(BaseModel):
    acks: list[AckOut]


class PageOut(BaseModel):
    events: list[str] = Field(description="Base64 of each event's bytes, in server order")
    seqs: list[int] = Field(description="The server_seq of each event, in the same order")
    refused: list[str | None] = Field(
        description="Why the branch refused each event (null: applied), in the same order"
    )
    next: int = Field(description="The cursor for the next pull")
    head: str | None = Field(description="The server's chain value at `next`")
    more: bool = Field(description="Whether more events wait beyond this page")


class HealthOut(BaseModel):
    status: Literal["ok"]
    schema_revision: str


router = APIRouter(prefix="/v1")


@router.post(
    "/enrol",
    summary="Enrol a device with a one-time code",
    responses=_errors(400, 403, 409, 413, 422),
)
def enrol(body: EnrolIn, request: Request, engine: EngineDep) -> EnrolOut:
    with engine.begin() as conn:
        _check_names(conn, body.users)
        token = auth.enrol(
            conn,
            secret(request),
            code=body.code,
            device_id=body.device_id,
            name=body.name,
            now=datetime.now(UTC),
        )
    return EnrolOut(device_id=body.device_id, token=token)


def _check_names(conn: Connection, users: list[UserClaim]) -> None:
    """Refuse a workstation whose user names other people of the branch hold already."""
    if not users:
        return
    names = {user.username: user.user_id for user in users}
    held = conn.execute(
        select(people.c.username, people.c.user_id).where(people.c.username.in_(sorted(names)))
    ).all()
    clashes = sorted(row.username for row in held if names[row.username] != row.user_id)
    if clashes:
        raise Refused(
            f"The branch already has other people named {', '.join(clashes)}: this "
            "workstation's users would clash with them. Nothing was changed; the "
            "branch's IT sets this workstation up with a profile whose users are "
            "named apart from the branch's."
        )


@router.post(
    "/events",
    summary="Push the device's events, all or none",
    responses=_errors(400, 401, 409, 413, 422),
)
def push(body: PushIn, request: Request, device: DeviceId, engine: EngineDep) -> PushOut:
    settings: ServerSettings = request.app.state.settings
    if len(body.events) > settings.max_batch:
        raise http.Sentence(
            413,
            f"A batch holds at most {settings.max_batch} events and this one has "
            f"{len(body.events)}: send them in smaller batches.",
        )
    batch = [_decode(index, item) for index, item in enumerate(body.events)]
    with engine.begin() as conn:
        acks = sync.push(conn, device, batch)
    return PushOut(
        acks=[AckOut(id=ack.id, server_seq=ack.server_seq, refused=ack.refused) for ack in acks]
    )


@router.get(
    "/events",
    summary="Pull everyone's events after a cursor, in server order",
    responses=_errors(401, 422),
)
def pull(
    device: DeviceId,
    engine: EngineDep,
    since: Annotated[int, Query(ge=0, le=MAX_SEQ, description="The cursor (0 at first)")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL, description="The most events to return")] = 500,
) -> PageOut:
    with engine.connect().execution_options(**READ) as conn, conn.begin():
        page = sync.pull(conn, since, limit)
    return PageOut(
        events=[base64.b64encode(data).decode("ascii") for data in page.events],
        seqs=page.seqs,
        refused=page.refused,
        next=page.next,
        head=page.head,
        more=page.more,
    )


@router.get("/health", summary="Whether the server and its database answer", responses=_errors())
def health(conn: Reading) -> HealthOut:
    conn.execute(text("SELECT 1"))
    return HealthOut(status="ok", schema_revision=migrate.HEAD)


@router.get(
    "/ca",
    summary="The branch's CA certificate (PEM), which workstations pin at enrolment",
    response_class=Response,
    responses={
        200: {
            "description": "The CA certificate; check its SHA-256 fingerprint before trusting it",
            "content": {PEM: {"schema": {"type": "string"}}},
        },
        404: {"model": ErrorOut},
    },
)
def ca(request: Request) -> Response:
    pem: str | None = request.app.state.ca_pem
    if pem is None:
        raise http.Sentence(
            404,
            "This server has no CA of its own (its certificate comes from elsewhere): "
            "enrol with that CA's certificate file instead.",
        )
    return Response(pem, media_type=PEM)


def _decode(index: int, item: str) -> bytes:
    try:
        return base64.b64decode(item, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidRequest(
            f"Event {index} of the batch is not base64 (standard alphabet, with padding). "
            "Nothing was stored."
        ) from None


def new_api() -> FastAPI:
    """The API without a database: what the OpenAPI spec is made from."""
    app = FastAPI(
        title="LoanDesk branch server",
        version=API_VERSION,
        description="Workstations push their events and pull each other's.",
    )
    app.include_router(router)
    app.include_router(dataroutes.router)
    http.install(app)
    return app


def create_app(settings: ServerSettings) -> FastAPI:
    """The server for ``settings``; refuses a database that is not at its schema."""
    engine = migrate.open_checked(settings.url, settings.data_dir)
    app = new_api()
    app.state.engine = engine
    app.state.settings = settings
    # Read once: the certificate served is the one loaded at start, and so is its CA.
    app.state.ca_pem = tls.read_ca(settings.data_dir)
    app.add_middleware(http.BodyLimit, limit=settings.max_body_bytes)
    return app
