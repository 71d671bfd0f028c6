"""What the snapshot-restore tests share (tests/sync/test_sync_instantane*.py): a structure's fill and a
profile's whole database, table by table, as two restores are compared."""
from __future__ import annotations

import datetime as dt
import json
import random

from desktop_app.db.meta import get_meta
from desktop_app.db.models import Actualite, Jeune
from desktop_app.sync.capture import bulk_insert

# Columns holding this laptop's own time of writing (never synced, never equal on two laptops).
LOCAL_TIME = {"updated_at", "received_at"}
# Bookkeeping of this laptop alone (its outbox, its history of rounds, its meta, its own conflicts' cache).
LOCAL_TABLES = {"outbox", "profile_meta", "sync_run", "alembic_version", "sync_quarantine"}
FTS_SHADOW = ("jeune_recherche_data", "jeune_recherche_idx", "jeune_recherche_docsize", "jeune_recherche_config",
              "jeune_recherche_content")


def fill(profile, jeunes: int, actualites: int) -> list[str]:
    rng = random.Random(7)
    with profile.session() as s:
        ids = [f"j{i:05d}" + "0" * 26 for i in range(jeunes)]
        bulk_insert(s, Jeune, ({"id": ids[i], "structure_id": profile.structure_id, "nom_naissance": f"Nom{i}",
                                "prenoms": rng.choice(["Léa", "Noé", "Inès", "Yanis"]),
                                "commune": rng.choice(["Cergy", "Éragny"]), "telephone": f"06{i:08d}",
                                "date_naissance": dt.date(2000 + i % 8, 1 + i % 12, 1 + i % 28)}
                               for i in range(jeunes)))
        # optional fields empty, zero, "0" or blank on some rows (a bulk load binds its NULLs in its own way)
        bulk_insert(s, Actualite, ({"jeune_id": ids[(i * 7) % jeunes], "date": dt.date(2025, 1 + i % 12, 1 + i % 28),
                                    "type": rng.choice(["entretien_individuel", "atelier", "telephone"]),
                                    "modalite": rng.choice(["presentiel", None]),
                                    "duree_minutes": rng.choice([None, 0, 30]),
                                    "note": rng.choice([f"Suivi n°{i}", None, "", "0"])} for i in range(actualites)))
        s.commit()
    return ids


def canonical(value):
    """JSON text compared by content (a laptop's own writes store it compact, received ones spaced)."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            return value
    return value


def dump(profile) -> dict:
    """Every table's rows (the search index by its content), without the laptop's own times and bookkeeping."""
    out = {}
    with profile.engine.connect() as conn:
        names = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for name in names:
            if name in LOCAL_TABLES or name in FTS_SHADOW:
                continue
            cols = [r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{name}")') if r[1] not in LOCAL_TIME]
            select = ", ".join(f'"{c}"' for c in cols) if cols else "*"
            if name == "jeune_recherche":
                select = "rowid, " + select
            if name == "structure":  # each laptop adopts the hub's structure at enrolment, under its own clock
                select = ", ".join(f'"{c}"' for c in cols if c not in ("hlc", "field_clocks"))
            out[name] = sorted(repr(tuple(map(canonical, row)))
                               for row in conn.exec_driver_sql(f'SELECT {select} FROM "{name}"'))
        out["sync_cursor"] = get_meta(conn, "sync_cursor")
        out["indexes"] = sorted(r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"))
    return out
