"""Schema revision of a profile database: read it, compare it with what this version knows, upgrade it."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.db import revisions

if TYPE_CHECKING:
    from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def revision_graph() -> dict[str, str | None]:
    """``{revision: down_revision}`` read from the migration scripts' text, without importing Alembic
    (opening an up-to-date profile must stay fast)."""
    return revisions.revision_graph(MIGRATIONS_DIR / "versions")


def known_revisions() -> set[str]:
    return set(revision_graph())


def head_revision() -> str:
    return revisions.head_revision(revision_graph())


def current_revision(conn: Connection) -> str | None:
    from sqlalchemy import text

    has_table = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
    ).first()
    if not has_table:
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision_raw(cursor) -> str | None:
    """:func:`current_revision` through a DB-API cursor (the start-up path, before SQLAlchemy is imported)."""
    if not cursor.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone():
        return None
    row = cursor.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else row[0]


def _config(conn: Connection | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def upgrade(conn: Connection, target: str = "head") -> None:
    """Upgrade the database on ``conn`` (inside its transaction) to ``target``."""
    from alembic import command

    command.upgrade(_config(conn), target)
