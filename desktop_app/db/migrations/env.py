"""Alembic environment: always given a live connection by desktop_app.db.schema (never a URL)."""
from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import desktop_app.db.models  # noqa: F401  (registers every table)

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Les migrations se lancent par desktop_app.db.schema.upgrade().")



def _include_name(name, type_, _parent_names) -> bool:
    """Autogenerate ignores the search index (FTS5 table, its shadow tables and key table, migration 0002) and
    the indicators' activity summary (local tables kept by triggers, migration 0011)."""
    return not (type_ in ("table", "index") and name and name.startswith(("jeune_recherche", "indicateur_", "partenaire_recherche")))


context.configure(
    connection=connection,
    include_name=_include_name,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
