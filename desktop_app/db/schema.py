"""Schema revision of a profile database: read it, compare it with what this version knows, upgrade it."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, text

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


@cache
def revision_graph() -> dict[str, str | None]:
    """``{revision: down_revision}`` read from the migration scripts' text, without importing Alembic
    (opening an up-to-date profile must stay fast)."""
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev and down:
            graph[rev.group(1)] = down.group(1)
    return graph


def known_revisions() -> set[str]:
    return set(revision_graph())


def head_revision() -> str:
    graph = revision_graph()
    parents = {d for d in graph.values() if d}
    heads = [r for r in graph if r not in parents]
    if len(heads) != 1:
        raise RuntimeError(f"Les migrations doivent former une seule chaîne (têtes : {heads}).")
    return heads[0]


def current_revision(conn: Connection) -> str | None:
    has_table = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
    ).first()
    if not has_table:
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


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
