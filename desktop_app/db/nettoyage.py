"""Leave no old copy of erased content in a replica's database file (RGPD erasure, anonymisation).

SQLite keeps deleted or overwritten values in free pages, in the WAL and in the search index's segments until
they are rewritten: merge the full-text index, checkpoint the WAL, rewrite the file (VACUUM), checkpoint again.
"""
from __future__ import annotations

from sqlalchemy import Engine


def scrub(engine: Engine) -> None:
    """Rewrite freed pages, merge the search index, truncate the WAL (after the transaction committed)."""
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        for statement in ("INSERT INTO jeune_recherche(jeune_recherche) VALUES ('optimize')",):
            try:
                raw.execute(statement)
            except Exception:  # noqa: BLE001 — an index without this command is nothing to scrub
                pass
        raw.commit()
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
