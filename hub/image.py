"""A structure's restore image: the database a fresh device holds once it has restored the structure's snapshot,
built once on the hub and copied as it is by the next fresh devices (issue 18 item 1).

A first restore by snapshot spends most of its time on the device itself: the records converted and inserted
one by one, then the derived structures (search index, indicator summaries, secondary indexes) rebuilt. An image
does that work once per structure and client schema version: :func:`prepare` creates an empty database at the
client schema the hub ships with (:func:`desktop_app.db.schema.upgrade`, as a new profile does) and restores
into it the structure's snapshot with the device's own code (:func:`desktop_app.sync.restauration.restore`, fed
the snapshot's bytes in-process) — so the image holds exactly what a fresh device restoring that snapshot would
hold. The device then copies its tables into its own database in one transaction (SQLite, no row through
Python: :mod:`desktop_app.sync.image`) and pulls the pages from the image's cursor, as after any snapshot.

The image is encrypted (SQLCipher) with a random key kept beside it and handed to the device with the image: the
file on the device's disk is never in clear, and what the device copies is encrypted under its own key.

Served to devices of the same client schema only (an older or newer laptop restores by snapshot), while the
structure has not moved on by more than :func:`hub.snapshot.stale_limit` sequences. An erasure deletes the
structure's images in its own transaction; an image older than an erasure of its structure is never served
(deleted when found). ``passerelle-hub instantanes`` prepares them with the kept snapshots (after an import, at
night).

Served from a file: the database keeps the image (every hub process sees it), each host keeps a copy of the
builds it serves in a folder (:func:`cache_dir`: ``$PASSERELLE_HUB_IMAGES``, else beside a SQLite database, else
in the system's temporary folder, one per database), named by structure, schema and build — read there as a
plain file (PostgreSQL's ``substr`` of a stored value gave ~230 Mo/s, a 77 Mo image 0.34 s; the file ~0.1 s). A
build never changes, so a copy is either the build named or not served (its size checked too); a copy of
another build of the structure is deleted when one is written, and the structure's copies when an erasure deletes
its images (on another host, when it next serves that structure). A copy left behind is encrypted and its key
was deleted with the build: it cannot be read. Anything wrong with the folder (rights, space): read from the
database as before.
"""
from __future__ import annotations

import hashlib
import logging
import os
import secrets
import tempfile
from contextlib import contextmanager
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import Engine, delete, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.domain.ids import utcnow
from hub import snapshot
from hub.auth import DeviceInfo
from hub.models import HubErased, HubImage
from hub.scope import scope_of

E, I = (m.__table__ for m in (HubErased, HubImage))  # type: ignore[attr-defined]
log = logging.getLogger(__name__)
KEEP_MAX = 500_000  # records (~0.6–0.9 KB of image each): held whole in memory once, when built and kept
CHUNK = 1 << 20  # bytes per piece read from the database and sent (SQLite's blob reads)
CHUNK_PG = 1 << 22  # PostgreSQL: one query per piece
CACHE_ENV = "PASSERELLE_HUB_IMAGES"  # the folder of the copies served as files


def schema_version() -> str:
    """The client schema the images built here have (that of the ``desktop_app`` installed beside the hub)."""
    from desktop_app.db import schema

    return schema.head_revision()


class Kept:
    """An image as served: its key, cursor, records, size, and an id naming this very build (a resumed download
    asks for the same id: the same bytes). Its bytes are read in pieces by :func:`pieces`, never whole."""

    def __init__(self, sid: str, version: str, cle: str, cursor: int, records: int, size: int, built_at) -> None:
        self.sid, self.version, self.cle, self.cursor, self.records, self.size = sid, version, cle, cursor, records, size
        self.id = f"{cursor}-{built_at:%Y%m%d%H%M%S%f}"


def ready(engine: Engine, device: DeviceInfo, version: str) -> Kept | None:
    """The image of ``device``'s structure at client schema ``version`` when one is fresh enough; None otherwise
    (a parrain's device included: its scope is narrower than the structure)."""
    sid = device.structure_id
    with engine.connect() as conn:
        if scope_of(conn, device) is not None:
            return None
        kept = conn.execute(select(I.c.cursor, I.c.records, I.c.cle, I.c.built_at, func.length(I.c.data).label("size"))
                            .where(I.c.structure_id == sid, I.c.schema_version == version)).first()
        if kept is None:
            return None
        if not snapshot.servable(conn, I, sid, kept.cursor, kept.records, "image de restauration"):
            return None
    return Kept(sid, version, kept.cle, kept.cursor, kept.records, int(kept.size), kept.built_at)


def cache_dir(engine: Engine) -> Path:
    """The folder of this host's copies of the images (see the module's note)."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen:
        return Path(chosen)
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).with_name(Path(url.database).name + "-images")
    named = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"passerelle-hub-images-{named}"


def _copy_name(kept: Kept) -> str:
    return f"{kept.sid}.{kept.version}.{kept.id}.copie"


def pieces(engine: Engine, kept: Kept, start: int = 0) -> Iterator[bytes]:
    """The image's bytes from ``start``: from this host's copy (written from the database first when there is
    none), else — the folder unusable — from the database, a piece at a time (a hub serving several devices never
    holds an image whole)."""
    path = _copy_of(engine, kept)
    if path is None:
        yield from _database_pieces(engine, kept, start)
        return
    try:
        handle = open(path, "rb")
    except OSError:  # deleted meanwhile (an erasure, another build)
        return
    with handle:
        handle.seek(start)
        while piece := handle.read(CHUNK):
            yield piece


def _copy_of(engine: Engine, kept: Kept) -> Path | None:
    """This host's copy of ``kept``, written now from the database when missing; None when it cannot be."""
    folder = cache_dir(engine)
    path = folder / _copy_name(kept)
    try:
        if path.stat().st_size == kept.size:
            return path
    except OSError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _writing(folder, kept) as out:
            for piece in _database_pieces(engine, kept, 0):
                out.write(piece)
            if out.tell() != kept.size:  # replaced meanwhile: not kept
                raise _Short
    except _Short:
        return None
    except OSError as exc:
        log.warning("copie locale de l'image impossible (%s) : lue dans la base", exc.__class__.__name__)
        return None
    return path


class _Short(Exception):
    pass


@contextmanager
def _writing(folder: Path, kept: Kept):
    """A file to write ``kept``'s copy in, renamed to its name when complete (never a partial copy under it);
    the structure's other copies deleted then."""
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".partielle-")
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        os.replace(temporary, folder / _copy_name(kept))
    except BaseException:
        _unlink(Path(temporary))
        raise
    forget_copies(folder, kept.sid, keep=_copy_name(kept))


def forget_copies(folder: Path, structure_id: str, keep: str | None = None) -> None:
    """Delete this host's copies of the structure's images (all but ``keep``)."""
    try:
        names = [p for p in folder.glob(f"{structure_id}.*.copie") if p.name != keep]
    except OSError:
        return
    for p in names:
        _unlink(p)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _database_pieces(engine: Engine, kept: Kept, start: int = 0) -> Iterator[bytes]:
    """The image's bytes from ``start``, read from the database a piece at a time: SQLite's incremental blob
    reads, PostgreSQL's ``substr`` (which reads the slices it needs of a value stored out of line, uncompressed:
    an encrypted image does not compress). Ends early when the image was replaced meanwhile (the device sees a
    short download and asks again)."""
    where = (I.c.structure_id == kept.sid, I.c.schema_version == kept.version, I.c.cursor == kept.cursor)
    if engine.dialect.name == "sqlite":
        yield from _sqlite_pieces(engine, kept, start, where)
        return
    def read(at: int) -> bytes | None:
        with engine.connect() as conn:  # held for one piece: a slow device never keeps a connection of the pool
            return conn.execute(select(func.substr(I.c.data, at + 1, CHUNK_PG)).where(*where)).scalar()

    with ThreadPoolExecutor(1, thread_name_prefix="image-lecture") as ahead:  # the next piece read while one is sent
        offsets = iter(range(start, kept.size, CHUNK_PG))
        pending = next((ahead.submit(read, at) for at in offsets), None)
        while pending is not None:
            piece = pending.result()
            pending = next((ahead.submit(read, at) for at in offsets), None)
            if not piece:
                return
            yield bytes(piece)


def _sqlite_pieces(engine: Engine, kept: Kept, start: int, where) -> Iterator[bytes]:
    raw = engine.raw_connection()
    try:
        row = raw.cursor().execute(*_compiled(engine, select(text("rowid")).select_from(I).where(*where))).fetchone()
        if row is None:
            return
        try:
            blob = raw.driver_connection.blobopen("hub_image", "data", row[0], readonly=True)
        except Exception as exc:  # noqa: BLE001 — sqlite3.OperationalError, the row gone meanwhile
            log.info("image de restauration illisible : %s", exc.__class__.__name__)
            return
        with blob:
            blob.seek(start)
            while True:
                try:
                    piece = blob.read(CHUNK)
                except Exception:  # noqa: BLE001 — the row replaced meanwhile: a short download
                    return
                if not piece:
                    return
                yield piece
    finally:
        raw.rollback()
        raw.close()


def _compiled(engine: Engine, statement) -> tuple[str, tuple]:
    compiled = statement.compile(dialect=engine.dialect)
    return str(compiled), tuple(compiled.params[name] for name in compiled.positiontup or ())


def prepare(engine: Engine, structure_id: str) -> tuple[int, int] | None:
    """Build and keep the structure's image at this hub's client schema now: (cursor, records), or None when
    the structure is too large (:data:`KEEP_MAX`: its devices restore by snapshot)."""
    version = schema_version()
    top, count, current = snapshot.to_prepare(engine, I, structure_id, I.c.schema_version == version)
    if current:
        return top, count
    if count > KEEP_MAX:
        return None
    key = secrets.token_bytes(32)
    data = _build(engine, structure_id, top, count, key)
    built_at = _keep(engine, structure_id, version, top, count, key.hex(), data)
    if built_at is not None:  # this host's copy, ready for the first device
        kept = Kept(structure_id, version, key.hex(), top, count, len(data), built_at)
        try:
            cache_dir(engine).mkdir(parents=True, exist_ok=True)
            with _writing(cache_dir(engine), kept) as out:
                out.write(data)
        except OSError as exc:
            log.warning("copie locale de l'image impossible (%s) : lue dans la base", exc.__class__.__name__)
    return top, count


def _build(engine: Engine, structure_id: str, cursor: int, count: int, key: bytes) -> bytes:
    """The image's bytes: an empty database at the client schema, the snapshot restored into it as a device
    restores it, then compacted into one file."""
    from desktop_app.db import schema
    from desktop_app.db.engine import make_engine
    from desktop_app.sync import restauration
    from desktop_app.sync.hlc import HybridClock

    with tempfile.TemporaryDirectory(prefix="passerelle-image-") as tmp:
        path = Path(tmp) / "image.db"
        # SQLCipher's default settings: those a device's ATTACH … KEY opens it with
        local = make_engine(path, key)
        try:
            with local.begin() as conn:
                schema.upgrade(conn)
            clock = HybridClock("image")
            if restauration.restore(local, clock, _Local(engine, structure_id, cursor, count), "") is None:
                raise RuntimeError("instantané refusé")
            with local.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.exec_driver_sql("PRAGMA journal_mode = DELETE")
                conn.commit()
                conn.exec_driver_sql("VACUUM")  # the pages the rebuild freed, dropped: the smallest file to send
        finally:
            local.dispose()
        return path.read_bytes()


class _Local:
    """The transport :func:`restauration.restore` reads the snapshot through, in-process (no HTTP)."""

    def __init__(self, engine: Engine, sid: str, cursor: int, count: int) -> None:
        self.engine, self.sid, self.cursor, self.count = engine, sid, cursor, count

    def stream(self, path: str, *, params: dict | None = None, token: str | None = None):
        params = params or {}

        class _Response:
            def iter_bytes(inner):
                return snapshot._kept_stream(self.engine, self.sid, int(params.get("curseur", self.cursor)),
                                             self.count, int(params.get("apres", 0)), int(params.get("format", 2)),
                                             False)

        @contextmanager
        def opened():
            yield _Response()

        return opened()


def _keep(engine: Engine, sid: str, version: str, cursor: int, count: int, cle: str, data: bytes):
    """Store an image just built, unless a newer one is kept or an erasure came after its cursor: when it was
    built (its ``built_at``), or None when not kept."""
    built_at = utcnow()
    try:
        with engine.begin() as conn:
            if conn.execute(select(E.c.seq).where(E.c.structure_id == sid, E.c.seq > cursor).limit(1)).first():
                return
            kept = conn.execute(select(I.c.cursor).where(I.c.structure_id == sid,
                                                         I.c.schema_version == version)).scalar()
            if kept is not None and kept >= cursor:
                return None
            conn.execute(delete(I).where(I.c.structure_id == sid, I.c.schema_version == version))
            conn.execute(insert(I).values(structure_id=sid, schema_version=version, cursor=cursor, records=count,
                                          built_at=built_at, cle=cle, data=data))
    except SQLAlchemyError as exc:  # another process kept one at the same moment
        log.info("image de restauration non gardée (%s) : %s", sid, exc.__class__.__name__)
        return None
    with engine.connect() as conn:  # as the database gives it back (its precision): the build's name
        return conn.execute(select(I.c.built_at).where(I.c.structure_id == sid, I.c.schema_version == version,
                                                       I.c.cursor == cursor)).scalar()


def forget(conn, structure_id: str) -> None:
    """Delete the structure's images (an erasure, in its transaction) and this host's copies of them."""
    conn.execute(delete(I).where(I.c.structure_id == structure_id))
    forget_copies(cache_dir(conn.engine), structure_id)
