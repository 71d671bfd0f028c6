"""effacement : l'index de recherche oublie aussitôt les noms remplacés (RGPD)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 21:50:00

FTS5 keeps a replaced or deleted term in its segments until they are merged: a name erased or anonymised
(locally or received by sync) stayed readable in ``jeune_recherche_data``. The table's ``secure-delete``
option (SQLite ≥ 3.42) removes it at once; ``optimize`` purges what older versions left.
"""
from __future__ import annotations

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def _has_secure_delete() -> bool:
    """SQLCipher (the app's driver) ships a recent SQLite; a plain SQLite older than 3.42 lacks the option."""
    version = op.get_bind().exec_driver_sql("SELECT sqlite_version()").scalar()
    return tuple(int(p) for p in version.split(".")[:2]) >= (3, 42)


def upgrade() -> None:
    if _has_secure_delete():
        op.execute("INSERT INTO jeune_recherche(jeune_recherche, rank) VALUES ('secure-delete', 1)")
    op.execute("INSERT INTO jeune_recherche(jeune_recherche) VALUES ('optimize')")


def downgrade() -> None:
    if _has_secure_delete():
        op.execute("INSERT INTO jeune_recherche(jeune_recherche, rank) VALUES ('secure-delete', 0)")
