"""The committed OpenAPI spec is the one the server serves."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from server import migrate
from server.app import create_app
from server.db import open_engine
from server.settings import load
from tests.conftest import REPO
from tests.server.conftest import Branch

COMMITTED = REPO / "server" / "openapi.json"
REGENERATE = ".venv/bin/loandesk-server openapi > server/openapi.json"


def test_the_committed_spec_is_the_apps(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    settings = load(data, secret="Tq8vW2xZ4mN6pR1sU3yB5cD7fH9jK0LeGa")
    engine = open_engine(settings.url)
    migrate.upgrade(engine)
    engine.dispose()
    app = create_app(settings)
    try:
        assert json.loads(COMMITTED.read_text()) == app.openapi(), (
            f"server/openapi.json is out of date; regenerate it with: {REGENERATE}"
        )
    finally:
        app.state.engine.dispose()


def test_the_running_server_serves_the_committed_spec(branch: Branch) -> None:
    served = httpx.get(f"{branch.url}/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(COMMITTED.read_text()), REGENERATE
