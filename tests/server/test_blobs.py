"""Page images travel between desks as content-addressed blobs, in resumable pieces;
published risk models come down to every desk.

A real server on loopback (SQLite and PostgreSQL) and real encrypted profiles.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import models as models_package
from app.domain.events import EventType
from app.security.keys import KeySource
from app.services import transfer
from app.services.cases import CaseService
from app.services.intake import IntakeService
from app.services.profile import Profile
from app.services.sync import CA, SERVER, TOKEN, SyncService
from app.store import blobsync
from app.sync.client import ServerClient, ServerUnreachable
from ocr.synth import generate
from ocr.types import DocKind
from tests.server.conftest import Branch, enrolled_desks
from tests.server.process import cli_ok
from tests.server.workstation import Workstation


def _put(ws: Workstation, name: str, offset: int, size: int, piece: bytes) -> Any:
    return ws.client.put(
        f"/v1/blobs/{name}",
        params={"offset": offset, "size": size, "media_type": "image/png"},
        content=piece,
        headers={"Content-Type": "application/octet-stream"},
    )


def test_a_blob_goes_up_in_pieces_resumes_where_it_stopped_and_comes_back_whole(
    branch: Branch,
) -> None:
    desk = branch.enrol("front desk")
    data = os.urandom(300_000)
    name = hashlib.sha256(data).hexdigest()
    missing = desk.client.post("/v1/blobs/missing", json={"sha256": [name, name]})
    assert missing.json() == {"missing": [name]}

    first = _put(desk, name, 0, len(data), data[:100_000])
    assert first.json() == {"received": 100_000, "complete": False}
    # The line dropped; a resend of the first piece, or a piece out of step, is refused ...
    again = _put(desk, name, 0, len(data), data[:100_000])
    assert again.status_code == 409
    assert "holds 100000 bytes" in again.json()["detail"]
    # ... and the desk asks where to go on.
    progress = desk.client.get(f"/v1/blobs/{name}/progress").json()
    assert progress == {"received": 100_000, "complete": False}
    assert _put(desk, name, 100_000, len(data), data[100_000:]).json() == {
        "received": len(data),
        "complete": True,
    }
    assert desk.client.post("/v1/blobs/missing", json={"sha256": [name]}).json()["missing"] == []

    # Another desk fetches it piece by piece from any offset.
    other = branch.enrol("back office")
    got = b""
    while len(got) < len(data):
        piece = other.client.get(f"/v1/blobs/{name}", params={"offset": len(got), "length": 65536})
        assert piece.status_code == 200
        assert piece.headers["X-Blob-Size"] == str(len(data))
        assert piece.headers["X-Blob-Type"] == "image/png"
        got += piece.content
    assert got == data


def test_bytes_that_are_not_their_name_are_not_kept(branch: Branch) -> None:
    desk = branch.enrol("front desk")
    data = os.urandom(5000)
    liar = hashlib.sha256(b"something else").hexdigest()
    refused = _put(desk, liar, 0, len(data), data)
    assert refused.status_code == 409
    assert "do not have the SHA-256" in refused.json()["detail"]
    assert desk.client.get(f"/v1/blobs/{liar}/progress").json() == {
        "received": 0,
        "complete": False,
    }
    absent = desk.client.get(f"/v1/blobs/{liar}")
    assert absent.status_code == 404
    assert "holds no blob" in absent.json()["detail"]
    bad_name = desk.client.post("/v1/blobs/missing", json={"sha256": ["../etc/passwd"]})
    assert bad_name.status_code == 422


@pytest.fixture
def desks(tmp_path: Path, key_source: KeySource, branch: Branch) -> Iterator[list[Profile]]:
    with enrolled_desks(tmp_path, key_source, branch, "ab") as made:
        yield made


def _client(profile: Profile) -> ServerClient:
    server, token = profile.store.meta(SERVER), profile.store.meta(TOKEN)
    assert server is not None
    assert token is not None
    return ServerClient(server, token, ca_pem=profile.store.meta(CA))


class _LineDrops:
    """The real client, with the line cut after ``pieces`` pieces of a blob came down."""

    def __init__(self, client: ServerClient, pieces: int) -> None:
        self._client = client
        self._left = pieces
        #: bytes that came down the line
        self.received = 0

    def blob_piece(self, name: str, *, offset: int, length: int) -> tuple[bytes, int, str]:
        if self._left == 0:
            raise ServerUnreachable("The line dropped.")
        self._left -= 1
        piece = self._client.blob_piece(name, offset=offset, length=length)
        self.received += len(piece[0])
        return piece

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def test_a_document_attached_at_one_desk_is_seen_whole_at_the_other(
    desks: list[Profile], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = desks
    case_id = CaseService(a).open_case({"full_name": "陈静", "product": "personal"}).case_id
    assert case_id is not None
    pdf = generate(DocKind.PAYSLIP, "en", seed=3).pdf()
    intake_a = IntakeService(a)
    document_id = intake_a.attach(case_id, pdf, "payslip.pdf").document_id
    assert document_id is not None
    intake_a.record(intake_a.read(case_id, document_id))
    doc = intake_a.document(case_id, document_id)
    pages = [(page.image, page.words) for page in doc.pages]
    assert pages
    SyncService(a).sync()
    # Everything made at A is on the server now; a second sync sends no blob again.
    with _client(a) as client:
        assert transfer.send_blobs(a.store, client) == 0

    # B takes the events in, and fetches the blobs they name, a small piece at a time,
    # through a line that drops after three pieces.
    monkeypatch.setattr(transfer, "PIECE", 4096)
    with _client(b) as client:
        sync_b = SyncService(b)
        sync_b.pull()
        with b.store.reading() as conn:
            assert blobsync.count_wanted(conn) == 1 + 2 * len(pages)
        cut = _LineDrops(client, pieces=3)
        with pytest.raises(ServerUnreachable):
            transfer.fetch_blobs(b.store, cut)  # type: ignore[arg-type]
        assert cut.received > 0
        resumed = _LineDrops(client, pieces=10_000)
        result = transfer.fetch_blobs(b.store, resumed)  # type: ignore[arg-type]
        assert result.waiting == 0
    # Not a byte came down twice: the fetch went on after the pieces kept.
    sizes = len(pdf) + sum(
        len(blob)
        for image, words in pages
        for blob in (a.store.blob(image), a.store.blob(words))
        if blob is not None
    )
    assert cut.received + resumed.received == sizes
    with b.store.reading() as conn:
        assert blobsync.count_wanted(conn) == 0
    assert b.store.blob(hashlib.sha256(pdf).hexdigest()) == pdf
    intake_b = IntakeService(b)
    for image, words in pages:
        assert intake_b.page_image(image).size == intake_a.page_image(image).size
        assert intake_b.page_words(words) == intake_a.page_words(words)


def test_models_the_branch_publishes_are_put_in_use_at_each_desk_if_their_signature_holds(
    desks: list[Profile], branch: Branch, tmp_path: Path
) -> None:
    a, b = desks
    shipped = Path(models_package.__file__).resolve().parent / "artifacts"
    assert SyncService(a).sync().models is None  # nothing published yet
    out = cli_ok("models", "publish", "--data", str(branch.data), str(shipped))
    assert "Published model set" in out
    taken = SyncService(a).sync().models
    assert taken is not None
    assert taken.refused is None
    assert taken.installed
    for name in ("model.onnx", "model.onnx.sig", "challenger.onnx"):
        assert (a.path / "models" / name).read_bytes() == (shipped / name).read_bytes()
    installed = [
        e.payload["role"] for e in a.store.all_events() if e.type is EventType.MODEL_INSTALLED
    ]
    assert sorted(installed) == ["challenger", "champion"]
    assert SyncService(a).sync().models is None  # taken once
    # A set whose signature this desk does not trust is refused, and not fetched again.
    forged = tmp_path / "forged"
    forged.mkdir()
    for name in ("model.onnx", "model.onnx.sig"):
        forged.joinpath(name).write_bytes(shipped.joinpath(name).read_bytes())
    sig = forged / "model.onnx.sig"
    sig.write_bytes(sig.read_bytes()[:-8] + b"AAAAAAA=")
    cli_ok("models", "publish", "--data", str(branch.data), str(forged))
    refused = SyncService(b).sync().models
    assert refused is not None
    assert refused.refused is not None
    assert "cannot be used" in refused.refused
    assert not (b.path / "models").exists()
    assert SyncService(b).sync().models is None
