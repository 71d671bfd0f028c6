"""A first restore by the hub's restore image (``hub.image``): the database a fresh device holds once it has
restored its structure's snapshot, built once on the hub with this very code, downloaded as a file and copied
table by table in one SQLite transaction — no record through Python, no derived structure rebuilt here.

When: the device never pulled, no snapshot restore is under way, it holds no row of the tables whose triggers
feed the derived structures (a fresh device: its structure, its user and its agency only), the hub has an image
for this device's client schema (same migration, same ``sqlite_master``, checked on the file itself), and the
link is fast enough for the image (some five times the snapshot's bytes) to beat the snapshot (judged on the
rate of its first megabytes: :func:`_worth_it`). In any
other case — or when anything about the image is wrong: size, key, schema, an SQLite error — the restore goes
on by snapshot (:mod:`desktop_app.sync.restauration`), which gives the same database.

Exactly what the snapshot would have written: the image *is* a snapshot restore (into an empty profile of the
same schema); the rows this device holds already (its structure) go through the pages' merge
(:func:`desktop_app.sync.merge.apply_page`, clocks compared field by field); the others are copied with their
clocks, in the image's row order; the derived tables (search index, list keys, indicator summaries) are copied
as the image's rebuild left them — they depend on the copied rows alone, since this device had none of their
sources. ``tests/sync/test_sync_image.py`` compares the database with one restored by snapshot, table by table.

Resumable: the file is downloaded beside the profile's database (``<base>.image``, encrypted with the key the
hub sent; the key kept in ``sync_meta`` until the copy ends) and a cut download continues from its last byte,
provided the hub still serves the same build (else it starts again).
"""
from __future__ import annotations

import json
import logging
import os
import re
import time
from pathlib import Path

from sqlalchemy import Connection, Engine, MetaData, select
from sqlalchemy.exc import DBAPIError

from desktop_app.db import derivees
from desktop_app.db.meta import get_meta, save_clock, set_meta
from desktop_app.db.models import MODELS_BY_TABLE
from desktop_app.domain.ids import utcnow
from desktop_app.sync import merge, restauration, wire
from desktop_app.sync.hlc import HybridClock
from desktop_app.sync.transport import HubRefusal, HubUnreachable, Transport

log = logging.getLogger(__name__)
STATE_KEY = "sync_image"  # JSON {"image": id, "cle": hex, "curseur": C, "enregistrements": n, "taille": bytes}
PATH = "/v1/sync/image"
# The synced tables whose triggers feed the derived structures: a device holding any of their rows restores by
# snapshot (the image's derived tables would not count them).
SOURCES = ("jeune", "actualite", "rendez_vous", "rendez_vous_participant", "partenaire")
# Derived tables copied whole from the image (the search index by its shadow tables: the same bytes).
DERIVED = ("jeune_recherche_cle", "jeune_recherche_version", "jeune_recherche_ordre", "jeune_recherche_data",
           "jeune_recherche_idx", "jeune_recherche_docsize", "jeune_recherche_content", "jeune_recherche_config",
           "indicateur_jeune", "indicateur_activite", "indicateur_annee", "indicateur_actualites",
           "indicateur_annee_types", "indicateur_entretien", "indicateur_rendez_vous_mois", "indicateur_cej_semaine")
# Tables of this device alone, never copied: its outbox, meta, rounds, quarantine, its migration mark; the
# partners' search text is written by the partners' own (kept) triggers as their rows are copied.
LOCAL = {"outbox", "profile_meta", "sync_run", "alembic_version", "sync_quarantine", "partenaire_recherche",
         "sync_conflict", "sync_recu_refuse", "jeune_recherche"}
# Which way is faster, judged on the rate of the image's first bytes (measured, bench/RESULTS.md, 10 000 jeunes +
# 100 000 actualités: image ~700 bytes a record, copied in ~15 µs a record; snapshot ~140 bytes of gzip a record,
# written in ~40 µs a record): on loopback or a fast LAN the image, below some 20 Mo/s the snapshot.
PROBE_BYTES = 4 << 20
COPY_S_PER_RECORD = 15e-6
SNAPSHOT_BYTES_PER_RECORD = 140
SNAPSHOT_S_PER_RECORD = 40e-6
_HEX = re.compile(r"[0-9a-f]{64}")
_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


class ImageInvalide(Exception):
    """The image cannot be used (its reason, in French, logged): the restore goes on by snapshot."""


class ImageLente(ImageInvalide):
    """The link is too slow for the image to beat the snapshot (the reason logged): the snapshot."""


def restore(engine: Engine, clock: HybridClock, transport: Transport, token: str,
            progress: restauration.Progress | None = None) -> restauration.Bilan | None:
    """Restore from the hub's image; None when there is none for this device or it cannot be used (then the
    snapshot). A cut download raises :class:`HubUnreachable` (resumed at the next synchronisation)."""
    base = _file_of(engine)
    if base is None:
        return None
    with engine.connect() as conn:
        if not eligible(conn):
            return None
        state = json.loads(get_meta(conn, STATE_KEY) or "{}")
    target = base.with_name(base.name + ".image")
    started = time.monotonic()
    try:
        state = _download(engine, transport, token, target, state, progress, started)
        if state is None:
            return None
        return _apply(engine, clock, target, state)
    except ImageLente as exc:
        log.info("image de restauration laissée pour l'instantané : %s", exc)
        _forget(engine, target)
        return None
    except ImageInvalide as exc:
        log.warning("image de restauration écartée : %s", exc)
        _forget(engine, target)
        return None
    except HubUnreachable:
        raise  # the file and its state kept: resumed next time
    except HubRefusal:
        _forget(engine, target)
        raise


def eligible(conn: Connection) -> bool:
    """Whether this replica may take an image: never pulled, no snapshot under way, none of the derived
    structures' sources held, nothing suspended."""
    if get_meta(conn, restauration.STATE_KEY) or derivees.suspendues(conn):
        return False
    if int(get_meta(conn, "sync_cursor", "0")) != 0 or get_meta(conn, "sync_scan_base"):
        return False
    return not any(conn.exec_driver_sql(f'SELECT 1 FROM "{t}" LIMIT 1').first() for t in SOURCES)


def _file_of(engine: Engine) -> Path | None:
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def _download(engine: Engine, transport: Transport, token: str, target: Path, state: dict,
              progress: restauration.Progress | None, started: float) -> dict | None:
    """The image's file complete at ``target``: its state, or None when the hub has no image for us."""
    from desktop_app.db import schema

    version = schema.head_revision()
    for attempt in range(restauration.RESUMES + 2):
        have = target.stat().st_size if state and target.exists() else 0
        params = {"schema": version}
        if have:
            params |= {"depuis": have, "image": state["image"]}
        try:
            with transport.stream(PATH, params=params, token=token) as response:
                answer = _headers(response.headers)
                if have and answer["image"] != state["image"]:
                    raise ImageInvalide("le serveur a envoyé une autre image que celle reprise")
                if not have:
                    state = answer
                    with engine.begin() as conn:
                        set_meta(conn, STATE_KEY, json.dumps(state))
                fresh, opened_at = not have, time.monotonic()
                with open(target, "ab" if have else "wb", buffering=1 << 20) as out:  # every byte received kept
                    for chunk in response.iter_bytes():
                        have += len(chunk)
                        if have > state["taille"]:
                            raise ImageInvalide("l'image reçue dépasse la taille annoncée")
                        out.write(chunk)
                        if fresh and have >= PROBE_BYTES:
                            fresh = False
                            _worth_it(state, have, time.monotonic() - opened_at)
                        if progress is not None:
                            share = have / state["taille"]
                            progress(restauration.Avancement(int(state["enregistrements"] * share),
                                                             state["enregistrements"], time.monotonic() - started))
            if have == state["taille"]:
                return state
        except HubRefusal as exc:
            if exc.code in ("image_indisponible", "http_404", "http_405"):
                _forget(engine, target)
                return None
            if exc.code != "image_changee":
                raise
            state = {}  # another build: from its first byte
            continue
        except HubUnreachable:
            if attempt >= restauration.RESUMES:
                raise
    raise HubUnreachable("Image de restauration interrompue : le téléchargement reprendra où il s'est arrêté.")


def _worth_it(state: dict, have: int, elapsed: float) -> None:
    """Raise :class:`ImageLente` when, at the rate its first bytes came, the image would take longer than the
    snapshot (about six times smaller, but written record by record here): a slow link restores by snapshot."""
    rate = have / max(elapsed, 1e-6)  # bytes per second
    records = state["enregistrements"]
    image_s = (state["taille"] - have) / rate + records * COPY_S_PER_RECORD
    snapshot_s = records * (SNAPSHOT_BYTES_PER_RECORD / rate + SNAPSHOT_S_PER_RECORD)
    if image_s > snapshot_s:
        raise ImageLente(f"lien à {rate / 1e6:.1f} Mo/s : image {image_s:.0f} s contre instantané {snapshot_s:.0f} s")


def _headers(headers) -> dict:
    """What the hub says of its image, checked (a hub's answer is not trusted)."""
    try:
        state = {"image": headers["X-Passerelle-Image"], "cle": headers["X-Passerelle-Image-Cle"],
                 "curseur": int(headers["X-Passerelle-Image-Curseur"]),
                 "enregistrements": int(headers["X-Passerelle-Image-Enregistrements"]),
                 "taille": int(headers["X-Passerelle-Image-Taille"])}
    except (KeyError, ValueError):
        raise ImageInvalide("en-têtes de l'image absents ou illisibles") from None
    if not (_ID.fullmatch(state["image"]) and _HEX.fullmatch(state["cle"]) and state["taille"] > 0
            and 0 <= state["curseur"] <= wire.MAX_INT and 0 <= state["enregistrements"] <= wire.MAX_INT):
        raise ImageInvalide("en-têtes de l'image hors des valeurs admises")
    return state


def _apply(engine: Engine, clock: HybridClock, target: Path, state: dict) -> restauration.Bilan:
    """Copy the image into this profile's database in one transaction, then forget the file."""
    bilan = restauration.Bilan()
    engine.dispose()  # a connection of its own: none that read the search index before (its cached state)
    try:
        with engine.connect() as conn:
            conn.commit()
            saved = {name: int(conn.exec_driver_sql(f"PRAGMA {name}").scalar()) for name in restauration.BULK_PRAGMAS}
            for name, value in restauration.BULK_PRAGMAS.items():  # as a snapshot's load: the indexes sorted in memory
                conn.exec_driver_sql(f"PRAGMA {name} = {value}")
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # the tables copied in any order (see restauration)
            # The copy written once, to the file (new pages are not journaled), not to the WAL then the file;
            # only when no other connection holds the profile (else WAL, as always). WAL again at the end.
            journal = conn.exec_driver_sql("PRAGMA journal_mode = DELETE").scalar()
            try:
                conn.exec_driver_sql("ATTACH DATABASE ? AS img KEY ?", (str(target), f"x'{state['cle']}'"))
                conn.commit()
            except DBAPIError as exc:
                raise ImageInvalide(f"image illisible ({exc.orig.__class__.__name__})") from None
            try:
                _copy(conn, clock, state, bilan)
            except DBAPIError as exc:
                conn.rollback()
                raise ImageInvalide(f"copie refusée par SQLite : {exc.orig}") from None
            finally:
                conn.rollback()
                conn.exec_driver_sql("DETACH DATABASE img")
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                for name, value in saved.items():  # as the profile had them
                    conn.exec_driver_sql(f"PRAGMA {name} = {value}")
                if journal != "wal":
                    conn.exec_driver_sql("PRAGMA journal_mode = WAL")
                conn.commit()
    finally:
        engine.dispose()  # the other connections read the search index afresh
    _forget(engine, target)
    return bilan


def _same_schema(conn: Connection) -> None:
    def of(schema: str) -> list[tuple]:
        return sorted((r.type, r.name, r.tbl_name, _normal(r.sql)) for r in conn.exec_driver_sql(
            f"SELECT type, name, tbl_name, sql FROM {schema}.sqlite_master WHERE name NOT LIKE 'sqlite_%'"))

    try:
        theirs = conn.exec_driver_sql("SELECT version_num FROM img.alembic_version").scalar()
    except DBAPIError:
        raise ImageInvalide("image illisible (clé ou fichier)") from None
    if theirs != conn.exec_driver_sql("SELECT version_num FROM main.alembic_version").scalar():
        raise ImageInvalide(f"version de schéma de l'image différente ({theirs})")
    if of("img") != of("main"):
        theirs, ours = set(of("img")), set(of("main"))
        log.debug("schéma de l'image : en plus %s ; en moins %s", theirs - ours, ours - theirs)
        raise ImageInvalide("schéma de l'image différent de celui du poste")
    tables = {r[0] for r in conn.exec_driver_sql(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    unknown = tables - set(MODELS_BY_TABLE) - set(DERIVED) - LOCAL
    if unknown:  # a table this module does not know how to copy: the snapshot rebuilds it
        raise ImageInvalide(f"tables que la copie ne connaît pas : {', '.join(sorted(unknown))}")


_CONSTRAINT = ("FOREIGN KEY", "PRIMARY KEY", "UNIQUE", "CHECK", "CONSTRAINT")


def _normal(sql: str | None) -> tuple:
    """A table's SQL as compared: its columns in order, its constraints in any (a migration that recreates a
    table lists them in the order of a set)."""
    if not sql:
        return ()
    lines = [line.strip().rstrip(",").strip() for line in sql.split("\n")]
    kept = [line for line in lines if not line.startswith(_CONSTRAINT)]
    return tuple(kept) + tuple(sorted(line for line in lines if line.startswith(_CONSTRAINT)))


def _copy(conn: Connection, clock: HybridClock, state: dict, bilan: restauration.Bilan) -> None:
    _same_schema(conn)
    conn.commit()
    with conn.begin():
        if not eligible(conn):
            raise ImageInvalide("le poste a reçu des dossiers entre-temps")
        derivees.suspendre(conn, list(MODELS_BY_TABLE), indexes=False)
        # refusals first (their numbers as in the image); the conflicts the snapshot brought
        cols = _columns(conn, "sync_recu_refuse", {"id"})
        conn.exec_driver_sql(f"INSERT INTO main.sync_recu_refuse ({cols}) SELECT {cols} FROM img.sync_recu_refuse "
                             "ORDER BY id")
        conn.exec_driver_sql("INSERT OR IGNORE INTO main.sync_conflict SELECT * FROM img.sync_conflict")
        shared: list = []
        for name, model in MODELS_BY_TABLE.items():
            names = [r[1] for r in conn.exec_driver_sql(f'PRAGMA main.table_info("{name}")')]
            both = [r[0] for r in conn.exec_driver_sql(
                f'SELECT id FROM img."{name}" WHERE id IN (SELECT id FROM main."{name}")')]
            if conn.exec_driver_sql(f'SELECT 1 FROM main."{name}" LIMIT 1').first() is None:
                # SQLite's transfer: the table's and its indexes' records copied as they are, in order — no
                # row decoded, no index sorted (``updated_at``: when the hub wrote the row into the image)
                copied = conn.exec_driver_sql(f'INSERT INTO main."{name}" SELECT * FROM img."{name}"').rowcount
            else:
                target = ", ".join(f'"{n}"' for n in names)
                source = ", ".join("?" if n == "updated_at" else f'"{n}"' for n in names)
                binds = (_stored_now(conn, model),) if "updated_at" in names else ()
                copied = conn.exec_driver_sql(
                    f'INSERT INTO main."{name}" ({target}) SELECT {source} FROM img."{name}" '
                    f'WHERE id NOT IN (SELECT id FROM main."{name}") ORDER BY rowid', binds).rowcount
            if copied:
                bilan.received += copied
                bilan.tables.add(name)
            if both:
                shared += _changes(conn, model, both)
        for name in DERIVED:
            conn.exec_driver_sql(f'DELETE FROM main."{name}"')
            conn.exec_driver_sql(f'INSERT INTO main."{name}" SELECT * FROM img."{name}"')
        if shared:  # this device's rows the image holds too (its structure): merged as a page merges them
            page = wire.PullPage.model_construct(changes=shared, conflicts=[], more=True, next=state["curseur"])
            refused: list[dict] = []
            changed, _ = merge.apply_page(conn, page, clock, refused)
            bilan.received += changed
            bilan.refused += len(refused)
        derivees.reprendre(conn, rebuild=False)  # the derived tables are the image's: triggers and indexes back
        seen = conn.exec_driver_sql("SELECT value FROM img.profile_meta WHERE key = 'hlc_seen'").scalar() or ""
        if seen:
            clock.observe(seen)
            if seen > (get_meta(conn, "hlc_seen") or ""):
                set_meta(conn, "hlc_seen", seen)
        save_clock(conn, clock.last)
        set_meta(conn, "sync_cursor", str(state["curseur"]))
        set_meta(conn, "sync_scan_base", "0")  # as after a snapshot: the pages that follow carry whole records
        set_meta(conn, STATE_KEY, "")


def _stored_now(conn: Connection, model):
    """Now, as the ``updated_at`` column stores it (this laptop's time of writing, as a merge sets it)."""
    column = model.__table__.c.updated_at
    process = column.type.bind_processor(conn.dialect)
    value = utcnow()
    return process(value) if process else value


def _columns(conn: Connection, name: str, without: set[str]) -> str:
    return ", ".join(f'"{r[1]}"' for r in conn.exec_driver_sql(f'PRAGMA main.table_info("{name}")')
                     if r[1] not in without)


_IMAGE_TABLES: dict[str, object] = {}


def _changes(conn: Connection, model, ids: list[str]) -> list:
    """The image's rows ``ids`` of ``model``'s table as the changes a page would bring (their fields and
    per-field clocks, as a push reads them: :meth:`desktop_app.sync.client.SyncClient._build_ops`)."""
    name = model.__tablename__
    table = _IMAGE_TABLES.get(name)
    if table is None:
        table = _IMAGE_TABLES[name] = model.__table__.to_metadata(MetaData(), schema="img")
    out = []
    fields_of = model.synced_fields()
    for row in conn.execute(select(table).where(table.c.id.in_(ids))):
        m = row._mapping
        clocks = m["field_clocks"] or {}
        change = restauration._Change()
        change.table, change.row_id, change.seq = name, m["id"], 0
        change.fields = {n: wire.to_wire(m[n]) for n in fields_of}
        change.clocks = {n: clocks.get(n, m["hlc"]) for n in fields_of}
        out.append(change)
    return out


def _forget(engine: Engine, target: Path) -> None:
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    with engine.begin() as conn:
        if get_meta(conn, STATE_KEY):
            set_meta(conn, STATE_KEY, "")
