"""Alembic environment of the hub: always given a live connection by :func:`hub.schema.upgrade` (never a URL).

Its own version table (``hub_alembic_version``): a hub database never mixes with anything else's revisions.
"""
from __future__ import annotations

from alembic import context

from hub import schema

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Les migrations du hub se lancent par hub.schema.upgrade() (ou « passerelle-hub schema "
                       "upgrade »), jamais par la commande alembic.")

context.configure(
    connection=connection,
    target_metadata=config.attributes.get("models"),  # the models: for autogenerate only (schema.autogenerate)
    version_table=schema.VERSION_TABLE,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():  # the caller's transaction (hub.schema holds it, and the lock)
    context.run_migrations()
