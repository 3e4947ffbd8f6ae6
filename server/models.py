"""Risk models the branch publishes for every desk: files kept in the data dir, as given.

``loandesk-server models publish FOLDER`` copies a signed model folder (what
``python -m models.train --key`` writes: ``model.onnx`` and its ``.sig``, an
optional ``challenger.onnx`` with its ``.sig``, the model cards) into the
data dir and names the set by the SHA-256 of its manifest. The server does not
judge the signature: each workstation checks it against the publisher keys it
trusts before it puts a model in use, so a server that was tampered with can
hand out nothing a desk would run.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server.errors import InvalidRequest, NotHeld, ServerError

FOLDER = "models"
MANIFEST = "published.json"
#: the files a published set may hold
_NAMES = re.compile(r"(model|challenger)\.onnx(\.sig)?|[a-z_]+\.(json|md)")
REQUIRED = ("model.onnx", "model.onnx.sig")


@dataclass(frozen=True)
class Published:
    id: str
    files: list[dict[str, Any]]


def publish(data_dir: Path, source: Path) -> Published:
    """Copy the signed model folder ``source`` in as the branch's models; the new set."""
    if not source.is_dir():
        raise ServerError(f"{source} is not a folder of signed models.")
    names = sorted(p.name for p in source.iterdir() if p.is_file() and _NAMES.fullmatch(p.name))
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise ServerError(
            f"{source} holds no {' or '.join(missing)}: publish the folder "
            "`python -m models.train --key` wrote."
        )
    files = []
    for name in names:
        data = (source / name).read_bytes()
        files.append({"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})
    manifest = {"files": files}
    set_id = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()
    target = data_dir / FOLDER / set_id
    staging = data_dir / FOLDER / f".{set_id}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in names:
        shutil.copy2(source / name, staging / name)
    if target.exists():
        shutil.rmtree(staging)
    else:
        staging.rename(target)
    current = data_dir / FOLDER / MANIFEST
    partial = current.with_suffix(".partial")
    partial.write_text(json.dumps({"id": set_id, **manifest}, indent=2), encoding="utf-8")
    partial.replace(current)
    return Published(set_id, files)


def current(data_dir: Path) -> Published | None:
    path = data_dir / FOLDER / MANIFEST
    if not path.is_file():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Published(str(raw["id"]), list(raw["files"]))


def read(data_dir: Path, set_id: str, name: str) -> bytes:
    """One file of the published set ``set_id``."""
    if not re.fullmatch(r"[0-9a-f]{64}", set_id) or not _NAMES.fullmatch(name):
        raise InvalidRequest("No such model file: a set is named by its hash, files by name.")
    path = data_dir / FOLDER / set_id / name
    if not path.is_file():
        raise NotHeld(f"The branch has no model file {name} in set {set_id[:12]}….")
    return path.read_bytes()
