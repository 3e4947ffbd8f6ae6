"""Bring a profile database to the newest schema with Alembic.

Alembic (and its import cost, a third of a second) is loaded only when the
database is behind: a start on an up-to-date profile reads one row.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from app.store.engine import WRITE, StoreError

if TYPE_CHECKING:
    from alembic.config import Config

_SCRIPTS = Path(__file__).parent / "migrations"
#: The newest revision in migrations/versions (a test keeps the two in step).
HEAD = "0006"


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first()
        if found is None:  # a new, empty database
            return None
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)


def upgrade(engine: Engine) -> None:
    """Apply every pending migration in one write transaction."""
    current = current_revision(engine)
    if current == HEAD:
        return
    if current is not None and current not in known_revisions():
        raise StoreError(
            "This profile's database was written by a newer LoanDesk; update LoanDesk to open it.",
            code="profile.newer",
        )
    from alembic import command

    config = _config()
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
