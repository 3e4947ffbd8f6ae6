"""The API's routes for what travels beside the events: blobs, credentials, models, rules."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response
from pydantic import BaseModel, Field

from server import blobs, models, rules
from server import credentials as creds
from server.db import MAX_SEQ
from server.deps import DeviceId, EngineDep, Reading
from server.deps import errors as _errors
from server.errors import InvalidRequest
from server.settings import ServerSettings

router = APIRouter(prefix="/v1")


class ModelFile(BaseModel):
    name: str
    sha256: str
    size: int


class ModelsOut(BaseModel):
    id: str | None = Field(description="The published set's name (null: none published)")
    files: list[ModelFile]


@router.get(
    "/models",
    summary="The risk models the branch publishes: their set's name and files",
    responses=_errors(401),
)
def models_current(request: Request, device: DeviceId) -> ModelsOut:
    settings: ServerSettings = request.app.state.settings
    published = models.current(settings.data_dir)
    if published is None:
        return ModelsOut(id=None, files=[])
    return ModelsOut(id=published.id, files=[ModelFile(**f) for f in published.files])


@router.get(
    "/models/{set_id}/{name}",
    summary="One file of a published model set",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {}}, "description": "The file"},
        **_errors(401, 404, 422),
    },
)
def models_file(set_id: str, name: str, request: Request, device: DeviceId) -> Response:
    settings: ServerSettings = request.app.state.settings
    return Response(
        models.read(settings.data_dir, set_id, name), media_type="application/octet-stream"
    )


class RulesSummary(BaseModel):
    kind: str = Field(description="products or authority")
    seq: int = Field(description="The publication's number: a higher one replaces a lower")
    version: str
    sha256: str = Field(description="SHA-256 of body, as UTF-8")


class RulesInForce(BaseModel):
    rules: list[RulesSummary] = Field(
        description="Each kind the branch has published (a kind not listed: the shipped one)"
    )


class RulesOut(RulesSummary):
    body: str = Field(description="The JSON text as published")


@router.get(
    "/rules",
    summary="The products and authority matrix the branch publishes: what is in force",
    responses=_errors(401),
)
def rules_in_force(device: DeviceId, conn: Reading) -> RulesInForce:
    return RulesInForce(
        rules=[
            RulesSummary(kind=p.kind, seq=p.seq, version=p.version, sha256=p.sha256)
            for p in rules.in_force(conn)
        ]
    )


@router.get(
    "/rules/{kind}",
    summary="The products or the authority matrix in force at the branch, whole",
    responses=_errors(401, 404, 422),
)
def rules_body(kind: str, device: DeviceId, conn: Reading) -> RulesOut:
    found = rules.published(conn, kind)
    return RulesOut(
        kind=found.kind, seq=found.seq, version=found.version, sha256=found.sha256, body=found.body
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
    responses=_errors(400, 401, 409, 413, 422),
)
def put_credentials(body: CredentialsIn, device: DeviceId, engine: EngineDep) -> CredentialsIn:
    try:
        wrapped = base64.b64decode(body.wrapped_key, validate=True)
    except (binascii.Error, ValueError):  # text with no ASCII form is a ValueError
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
    responses=_errors(400, 401, 413, 422),
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
    responses=_errors(400, 401, 409, 413, 422),
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
