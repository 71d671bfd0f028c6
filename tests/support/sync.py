"""Helpers for the sync tests: a hub on a real socket (uvicorn in a thread), enrolled client profiles,
and a way to compare replicas."""
from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from pathlib import Path

import uvicorn
from sqlalchemy import select, update
from sqlalchemy import text as sa_text

from desktop_app.db.models import SYNCED_MODELS, Jeune
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.profil.profile import create_profile
from hub import auth
from hub.main import create_app
from hub.db import make_engine
from hub.models import HubRecord, HubStructure


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HubServer:
    """uvicorn serving the hub app on 127.0.0.1:<random port> in a background thread."""

    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url)
        self.port = free_port()
        config = uvicorn.Config(create_app(self.engine), host="127.0.0.1", port=self.port, log_level="error",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> HubServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("le hub de test n'a pas démarré")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.engine.dispose()

    def structure(self, nom: str) -> str:
        return auth.add_structure(self.engine, nom)

    def code(self, structure_id: str, user: str = "Conseiller", role: str = "conseiller") -> str:
        return auth.create_code(self.engine, structure_id, user, role)


def new_profile(base: Path, name: str, structure: str = "Mission Locale Test"):
    return create_profile(base / name, structure_nom=structure, user_nom=name.capitalize(), user_prenom="Test",
                          role="conseiller")


def enrolled(hub: HubServer, base: Path, name: str, structure_id: str, url: str | None = None, client=None):
    profile = new_profile(base, name)
    sync_service.enroll(profile, url or hub.url, hub.code(structure_id, name), client=client)
    return profile


def snapshot(profile) -> dict:
    """{(table, id): {field: value}} of every synced row, with the effective per-field clocks."""
    data = {}
    with profile.engine.connect() as conn:
        for model in SYNCED_MODELS:
            t = model.__table__
            names = model.synced_fields()
            for row in conn.execute(select(t)):
                m = row._mapping
                clocks = m["field_clocks"] or {}
                data[(t.name, m["id"])] = {n: (m[n], clocks.get(n, m["hlc"])) for n in names}
    return data


def values_only(snap: dict) -> dict:
    return {k: {n: v for n, (v, _c) in fields.items()} for k, fields in snap.items()}


def integrity_ok(profile) -> bool:
    with profile.engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


PG_SERVER = ("127.0.0.1", 5432)
PG_SKIP = "PostgreSQL injoignable sur 127.0.0.1:5432 : tests hub/PostgreSQL ignorés"


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(PG_SERVER, timeout=1):
            return True
    except OSError:
        return False


class PostgresSchema:
    """A schema of its own in database ``test`` for one test, dropped afterwards."""

    def __init__(self) -> None:
        import secrets

        self.name = f"hub_test_{secrets.token_hex(6)}"
        self.admin = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        self.url = f"{self.admin}?options=-csearch_path%3D{self.name}"

    def __enter__(self) -> str:
        from sqlalchemy import create_engine

        engine = create_engine(self.admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {self.name}")
        engine.dispose()
        return self.url

    def __exit__(self, *_exc) -> None:
        from sqlalchemy import create_engine

        engine = create_engine(self.admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")
        engine.dispose()


def hub_database_url(kind: str, tmp_path: Path):
    """A context manager giving a hub database URL of ``kind`` ("sqlite" or "postgresql")."""
    import contextlib

    import pytest

    if kind == "sqlite":
        return contextlib.nullcontext(f"sqlite:///{tmp_path / 'hub.db'}")
    if not postgres_reachable():
        pytest.skip(PG_SKIP)
    return PostgresSchema()


def add_jeune(profile, **fields) -> str:
    """Create a jeune on ``profile`` (defaults: Léa Martin) and return its id."""
    with profile.session() as s:
        j = Jeune(structure_id=profile.structure_id, nom_naissance=fields.pop("nom", "Martin"),
                  prenoms=fields.pop("prenoms", "Léa"), **fields)
        s.add(j)
        s.commit()
        return j.id


def edit_jeune(profile, jeune_id: str, **fields) -> None:
    with profile.session() as s:
        j = s.get(Jeune, jeune_id)
        for k, v in fields.items():
            setattr(j, k, v)
        s.commit()


def get_jeune(profile, jeune_id: str) -> Jeune:
    with profile.session() as s:
        return s.get(Jeune, jeune_id)


def rows_holding(engine, needle: str) -> list[str]:
    """Every row of every table (conflicts, outbox, quarantine, refused changes, hub_record… included)
    that holds ``needle`` in any column."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            listing = "SELECT name FROM sqlite_master WHERE type='table'"
        else:
            listing = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        tables = [r[0] for r in conn.execute(sa_text(listing))]
        return [f"{t}: {row}"[:300] for t in tables for row in conn.execute(sa_text(f'SELECT * FROM "{t}"'))
                if needle in str(row)]


_R, _S = HubRecord.__table__, HubStructure.__table__


def hub_clock(hub_engine, structure_id) -> tuple[int, str]:
    """The next sequence of the structure (taken) and a clock newer than every device's."""
    with hub_engine.begin() as conn:
        seq = conn.execute(update(_S).where(_S.c.id == structure_id).values(seq=_S.c.seq + 1)
                           .returning(_S.c.seq)).scalar_one()
    ms = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
    return seq, f"{ms:013d}.9999.hub"


def poison_on_hub(hub, structure_id, row_id, **values) -> None:
    """Write poison values straight into the hub's record (as a bug or a hand edit could)."""
    seq, clock = hub_clock(hub.engine, structure_id)
    with hub.engine.begin() as conn:
        r = conn.execute(select(_R).where(_R.c.table_name == "jeune", _R.c.row_id == row_id)).one()
        conn.execute(update(_R).where(_R.c.table_name == "jeune", _R.c.row_id == row_id).values(
            seq=seq, values={**r.values, **values}, clocks={**r.clocks, **dict.fromkeys(values, clock)},
            seqs={**r.seqs, **dict.fromkeys(values, seq)}))


def make_admin(hub: HubServer, profile) -> None:
    """Give ``profile``'s user and device the administrator's rights (an erasure needs them, on the laptop and on
    the hub)."""
    from desktop_app.db.models import Utilisateur
    from hub.models import HubDevice

    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        s.commit()
    devices = HubDevice.__table__  # type: ignore[attr-defined]
    with hub.engine.begin() as conn:
        conn.execute(devices.update().where(devices.c.id == profile.device_id).values(role="admin"))
