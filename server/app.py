"""The HTTP API: enrolment, push, pull, health and the branch's CA, under /v1."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, FastAPI, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy import Engine, select, text
from sqlalchemy.engine import Connection

from server import auth, blobs, http, migrate, sync, tls
from server import credentials as creds
from server.db import MAX_SEQ, READ, people
from server.errors import InvalidRequest, Refused, Unauthorized
from server.settings import ServerSettings

API_VERSION = "1"
MAX_PULL = 1000
PEM = "application/x-pem-file"


class ErrorOut(BaseModel):
    detail: str = Field(description="What went wrong, as a sentence")


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


_bearer = HTTPBearer(auto_error=False, description="The device token from /v1/enrol")


def _errors(*codes: int) -> dict[int | str, dict[str, object]]:
    """The error statuses a route answers, each with its ``{"detail": sentence}`` body."""
    return {code: {"model": ErrorOut} for code in (*codes, 503)}


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _secret(request: Request) -> str:
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
        return auth.authenticate(conn, _secret(request), credentials.credentials)


Reading = Annotated[Connection, Depends(_reading)]
DeviceId = Annotated[str, Depends(_device)]
EngineDep = Annotated[Engine, Depends(_engine)]

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
            _secret(request),
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


class CredentialsIn(BaseModel):
    user_id: str = Field(max_length=64)
    event_id: str = Field(max_length=64, description="The PasswordSet event they belong to")
    password_hash: str = Field(max_length=512, description="The Argon2id hash")
    wrapped_key: str = Field(
        max_length=4096, description="Base64 of the signing key wrapped under the password"
    )
    must_change: bool = False


class CredentialsOut(BaseModel):
    credentials: list[CredentialsIn]


@router.put(
    "/credentials",
    summary="Keep a user's credentials for the other desks (the desk that set them sends them)",
    responses=_errors(401, 409, 422),
)
def put_credentials(body: CredentialsIn, device: DeviceId, engine: EngineDep) -> CredentialsIn:
    try:
        wrapped = base64.b64decode(body.wrapped_key, validate=True)
    except binascii.Error:
        raise InvalidRequest("wrapped_key is not base64.") from None
    secrets = creds.Secrets(
        body.user_id, body.event_id, body.password_hash, wrapped, body.must_change
    )
    with engine.begin() as conn:
        creds.keep(conn, secrets)
    return body


@router.get(
    "/credentials",
    summary="Every user's credentials of their current password",
    responses=_errors(401),
)
def get_credentials(device: DeviceId, conn: Reading) -> CredentialsOut:
    return CredentialsOut(
        credentials=[
            CredentialsIn(
                user_id=s.user_id,
                event_id=s.event_id,
                password_hash=s.password_hash,
                wrapped_key=base64.b64encode(s.wrapped_key).decode("ascii"),
                must_change=s.must_change,
            )
            for s in creds.current(conn)
        ]
    )


class MissingIn(BaseModel):
    sha256: list[str] = Field(max_length=1000, description="Blob names (SHA-256, hex)")


class MissingOut(BaseModel):
    missing: list[str] = Field(description="Those the server does not hold whole")


class ProgressOut(BaseModel):
    received: int = Field(description="Bytes the server holds: the next piece starts here")
    complete: bool


#: the most a fetched piece of a blob holds
MAX_PIECE = 4 * 1024 * 1024


@router.post(
    "/blobs/missing",
    summary="Which of these blobs the server lacks (send only those)",
    responses=_errors(401, 422),
)
def blobs_missing(body: MissingIn, device: DeviceId, conn: Reading) -> MissingOut:
    return MissingOut(missing=blobs.missing(conn, body.sha256))


@router.get(
    "/blobs/{sha256}/progress",
    summary="How much of a blob the server holds: where its upload resumes",
    responses=_errors(401, 422),
)
def blob_progress(sha256: str, device: DeviceId, conn: Reading) -> ProgressOut:
    now = blobs.progress(conn, blobs.check_name(sha256))
    return ProgressOut(received=now.received, complete=now.complete)


@router.put(
    "/blobs/{sha256}",
    summary="Send one piece of a blob, starting where the server's copy ends",
    responses=_errors(401, 409, 413, 422),
)
def blob_put(
    sha256: str,
    request: Request,
    device: DeviceId,
    engine: EngineDep,
    data: Annotated[bytes, Body(media_type="application/octet-stream")],
    offset: Annotated[int, Query(ge=0, le=MAX_SEQ, description="Where this piece starts")],
    size: Annotated[int, Query(ge=1, le=MAX_SEQ, description="The whole blob's size")],
    media_type: Annotated[str, Query(max_length=60, description="The blob's media type")],
) -> ProgressOut:
    settings: ServerSettings = request.app.state.settings
    with engine.begin() as conn:
        now = blobs.receive(
            conn,
            sha256,
            offset=offset,
            size=size,
            media_type=media_type,
            data=data,
            max_bytes=settings.max_blob_bytes,
        )
    return ProgressOut(received=now.received, complete=now.complete)


@router.get(
    "/blobs/{sha256}",
    summary="Fetch a piece of a blob from an offset",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {}}, "description": "The piece"},
        **_errors(401, 404, 422),
    },
)
def blob_get(
    sha256: str,
    device: DeviceId,
    conn: Reading,
    offset: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    length: Annotated[int, Query(ge=1, le=MAX_PIECE)] = MAX_PIECE,
) -> Response:
    piece, size, media_type = blobs.read(conn, sha256, offset=offset, length=length)
    return Response(
        piece,
        media_type="application/octet-stream",
        headers={"X-Blob-Size": str(size), "X-Blob-Type": media_type},
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
