"""Bring the server's database to the newest schema with Alembic, or say why it cannot serve."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from server.db import open_engine
from server.errors import DatabaseError, ServerError

_SCRIPTS = Path(__file__).parent / "migrations"
#: The newest revision in migrations/versions (a test keeps the two in step).
HEAD = "0005"


def config() -> Config:
    """Alembic's configuration for the server's migrations (no alembic.ini)."""
    found = Config()
    found.set_main_option("script_location", str(_SCRIPTS))
    return found


def head_revision() -> str | None:
    return ScriptDirectory.from_config(config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for one never migrated."""
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise DatabaseError(f"The database cannot be opened: {exc.orig}.") from None


def upgrade(engine: Engine) -> None:
    """Apply every pending migration in one transaction."""
    current = current_revision(engine)
    if current == HEAD:
        return
    _refuse_newer(current)
    alembic_config = config()
    with engine.begin() as conn:
        alembic_config.attributes["connection"] = conn
        command.upgrade(alembic_config, "head")


def check(engine: Engine, data_dir: Path) -> None:
    """Refuse to serve a database that is not at this server's schema."""
    current = current_revision(engine)
    if current == HEAD:
        return
    _refuse_newer(current)
    raise DatabaseError(
        f"The database is at schema {current or 'none (never set up)'}, behind this "
        f"server's {HEAD}: run `loandesk-server init --data {data_dir}` to migrate it first."
    )


def _refuse_newer(current: str | None) -> None:
    known = {rev.revision for rev in ScriptDirectory.from_config(config()).walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseError(
            f"The database is at schema {current}, which this server does not know: it was "
            "written by a newer loandesk-server. Update the server to serve it."
        )


def open_checked(url: str, data_dir: Path) -> Engine:
    """An engine on ``url`` once its database is at this server's schema; refuses otherwise."""
    engine = open_engine(url)
    try:
        check(engine, data_dir)
    except ServerError:
        engine.dispose()
        raise
    return engine
