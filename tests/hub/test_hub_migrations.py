"""The hub's schema migrations (hub/migrations, hub.schema) on SQLite and PostgreSQL.

- a database created by the migrations is exactly what the models declare (Alembic ``compare_metadata``: no
  difference) — this test fails when a hub table, column or index is added without its revision;
- a hub database made the old way (``create_all`` of the models plus the tables ``ensure_tables`` and
  ``hub.scope`` made lazily, definitions frozen below as they were at f947425, and as on main with the
  limiter's tables before the migrations) holding rows is recognised, stamped, upgraded in place: rows kept,
  schema at head, the hub works on it;
- a database of a newer schema, or hub tables matching no known version, are refused in French, untouched;
- several hub processes starting at once on one database do not race.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, BigInteger, Column, Index, MetaData, String, create_engine, insert, inspect, select, text
from sqlalchemy.orm import registry
from sqlalchemy.pool import NullPool
from sqlmodel import Field, SQLModel

from hub import auth, schema, utilisateurs
from hub.cli import main as hub_main
from hub.db import make_engine
from tests.support.sync import hub_database_url

KINDS = ["sqlite", "postgresql"]
ROOT = Path(__file__).resolve().parents[2]


# --- the hub's tables as the code before the migrations made them (frozen copies, never imported) ----------

def _old_tables(with_limiter: bool) -> MetaData:
    """``hub.models`` as at f947425 (``with_limiter``: as on main at 96f333b, with ``hub_attempt`` and
    ``hub_setting``), plus ``hub.auth``'s and ``hub.scope``'s tables; a registry of its own."""
    old = registry()

    class Old(SQLModel, registry=old):
        pass

    def new_id() -> str:
        return "x"

    def now() -> datetime:
        return datetime.now(UTC)

    class HubStructure(Old, table=True):
        __tablename__ = "hub_structure"
        id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
        nom: str = Field(max_length=200)
        seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
        created_at: datetime = Field(default_factory=now)

    class HubDevice(Old, table=True):
        __tablename__ = "hub_device"
        id: str = Field(primary_key=True, max_length=36)
        structure_id: str = Field(foreign_key="hub_structure.id", index=True, max_length=36)
        user_name: str = Field(max_length=200)
        role: str = Field(max_length=32)
        name: str = Field(default="", max_length=200)
        state: str = Field(default="actif", max_length=16)
        credential_hash: str = Field(max_length=64)
        last_counter: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
        enrolled_at: datetime = Field(default_factory=now)
        last_seen: datetime | None = None

    class HubEnrollCode(Old, table=True):
        __tablename__ = "hub_enroll_code"
        code_hash: str = Field(primary_key=True, max_length=64)
        structure_id: str = Field(foreign_key="hub_structure.id", max_length=36)
        user_name: str = Field(max_length=200)
        role: str = Field(max_length=32)
        expires_at: datetime
        used_at: datetime | None = None
        device_id: str | None = Field(default=None, max_length=36)

    class HubToken(Old, table=True):
        __tablename__ = "hub_token"
        token_hash: str = Field(primary_key=True, max_length=64)
        device_id: str = Field(foreign_key="hub_device.id", index=True, max_length=36)
        expires_at: datetime

    class HubRecord(Old, table=True):
        __tablename__ = "hub_record"
        __table_args__ = (Index("ix_hub_record_structure_seq", "structure_id", "seq"),)
        table_name: str = Field(primary_key=True, max_length=64)
        row_id: str = Field(primary_key=True, max_length=36)
        structure_id: str = Field(foreign_key="hub_structure.id", max_length=36)
        seq: int = Field(sa_column=Column(BigInteger, nullable=False))
        values: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
        clocks: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
        seqs: dict[str, int] = Field(default_factory=dict, sa_type=JSON)

    class HubConflict(Old, table=True):
        __tablename__ = "hub_conflict"
        __table_args__ = (Index("ix_hub_conflict_structure_seq", "structure_id", "seq"),)
        id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
        structure_id: str = Field(foreign_key="hub_structure.id", max_length=36)
        seq: int = Field(sa_column=Column(BigInteger, nullable=False))
        table_name: str = Field(max_length=64)
        row_id: str = Field(max_length=36)
        field: str = Field(max_length=64)
        kept_value: Any = Field(default=None, sa_type=JSON)
        kept_clock: str = Field(max_length=64)
        lost_value: Any = Field(default=None, sa_type=JSON)
        lost_clock: str = Field(max_length=64)
        resolution: str | None = Field(default=None, max_length=8)
        resolution_clock: str | None = Field(default=None, max_length=64)

    # hub/auth.py (ensure_tables) and hub/scope.py (create(checkfirst=True)) at f947425
    class HubCodeUser(Old, table=True):
        __tablename__ = "hub_code_user"
        code_hash: str = Field(primary_key=True, max_length=64)
        user_id: str = Field(max_length=36, sa_type=String(36))

    class HubDeviceUser(Old, table=True):
        __tablename__ = "hub_device_user"
        device_id: str = Field(primary_key=True, max_length=36, sa_type=String(36))
        user_id: str = Field(index=True, max_length=36, sa_type=String(36))

    class HubCodeKey(Old, table=True):
        __tablename__ = "hub_code_key"
        code_hash: str = Field(primary_key=True, max_length=64)
        key_hash: str = Field(max_length=64)

    class HubCodeScope(Old, table=True):
        __tablename__ = "hub_code_scope"
        code_hash: str = Field(primary_key=True, max_length=64)
        parrain_id: str = Field(max_length=36, sa_type=String(36))

    class HubScopeSent(Old, table=True):
        __tablename__ = "hub_scope_sent"
        device_id: str = Field(primary_key=True, max_length=36, sa_type=String(36))
        table_name: str = Field(primary_key=True, max_length=64, sa_type=String(64))
        row_id: str = Field(primary_key=True, max_length=36, sa_type=String(36))
        erased: bool = False
        clock: str | None = Field(default=None, max_length=64, sa_type=String(64))

    if with_limiter:
        class HubAttempt(Old, table=True):
            __tablename__ = "hub_attempt"
            __table_args__ = (Index("ix_hub_attempt_bucket_at", "bucket", "at"),)
            id: int | None = Field(default=None, primary_key=True)
            bucket: str = Field(max_length=80)
            at: datetime = Field(index=True)

        class HubSetting(Old, table=True):
            __tablename__ = "hub_setting"
            name: str = Field(primary_key=True, max_length=64)
            value: str = Field(max_length=200)

    return old.metadata


MODELS = {"hub_structure", "hub_device", "hub_enroll_code", "hub_token", "hub_record", "hub_conflict"}
NOW = datetime.now(UTC).replace(microsecond=0)
STRUCTURE, DEVICE, USER = "0190a000-0000-7000-8000-000000000001", "0190a000-0000-7000-8000-0000000000d1", \
    "0190a000-0000-7000-8000-0000000000a1"
TOKEN = "jeton-d-avant-les-migrations"
CLOCK = f"{int(NOW.timestamp() * 1000):013d}.0000.{DEVICE}"


def _old_rows(with_limiter: bool) -> dict[str, list[dict]]:
    rows = {
        "hub_structure": [{"id": STRUCTURE, "nom": "Mission Locale de l'Épeule", "seq": 2, "created_at": NOW}],
        "hub_device": [{"id": DEVICE, "structure_id": STRUCTURE, "user_name": "Aïssata Diallo", "role": "conseiller",
                        "name": "Portable n° 3", "state": "actif", "credential_hash": auth._hash("secret"),
                        "last_counter": 7, "enrolled_at": NOW, "last_seen": NOW}],
        "hub_enroll_code": [{"code_hash": auth._hash("AAA-BBB-CCC"), "structure_id": STRUCTURE,
                             "user_name": "Aïssata Diallo", "role": "conseiller", "expires_at": NOW + timedelta(days=1),
                             "used_at": NOW, "device_id": DEVICE}],
        "hub_token": [{"token_hash": auth._hash(TOKEN), "device_id": DEVICE, "expires_at": NOW + timedelta(hours=1)}],
        "hub_record": [
            {"table_name": "utilisateur", "row_id": USER, "structure_id": STRUCTURE, "seq": 1,
             "values": {"nom": "Diallo", "prenom": "Aïssata", "role": "conseiller", "actif": True,
                        "structure_id": STRUCTURE},
             "clocks": {"nom": CLOCK, "prenom": CLOCK, "created_at": CLOCK}, "seqs": {"nom": 1, "prenom": 1}},
            {"table_name": "jeune", "row_id": "0190a000-0000-7000-8000-0000000000j1", "structure_id": STRUCTURE,
             "seq": 2, "values": {"nom_naissance": "N'Diaye", "prenoms": "Éloïse", "rqth": False},
             "clocks": {"nom_naissance": CLOCK}, "seqs": {"nom_naissance": 2}},
        ],
        "hub_conflict": [{"id": "0190a000-0000-7000-8000-0000000000c1", "structure_id": STRUCTURE, "seq": 2,
                          "table_name": "jeune", "row_id": "0190a000-0000-7000-8000-0000000000j1", "field": "prenoms",
                          "kept_value": "Éloïse", "kept_clock": CLOCK, "lost_value": "Eloise", "lost_clock": CLOCK,
                          "resolution": None, "resolution_clock": None}],
        "hub_code_user": [{"code_hash": auth._hash("AAA-BBB-CCC"), "user_id": USER}],
        "hub_device_user": [{"device_id": DEVICE, "user_id": USER}],
        "hub_code_key": [{"code_hash": auth._hash("AAA-BBB-CCC"), "key_hash": auth._hash("clé")}],
        "hub_code_scope": [{"code_hash": auth._hash("DDD-EEE-FFF"), "parrain_id": USER}],
    }
    if with_limiter:
        rows["hub_setting"] = [{"name": "limites_cle", "value": "0123456789abcdef"}]
        rows["hub_attempt"] = [{"id": 1, "bucket": "adresse:abc", "at": NOW}]
    return rows


def _make_old_database(url: str, with_limiter: bool, lazy: set[str]) -> dict[str, list[dict]]:
    """The old way: ``create_all`` of the models at ``make_engine``, then the lazily made tables ``lazy`` (the
    others never made: their feature was never used on that hub), with rows in them."""
    old = _old_tables(with_limiter)
    engine = create_engine(url)
    old.create_all(engine, tables=[t for n, t in old.tables.items() if n in MODELS | {"hub_attempt", "hub_setting"}])
    for name in lazy:
        old.tables[name].create(engine, checkfirst=True)
    rows = {n: r for n, r in _old_rows(with_limiter).items() if n in MODELS | lazy | {"hub_attempt", "hub_setting"}}
    with engine.begin() as conn:
        for name in old.tables:  # parents first
            if name in rows:
                conn.execute(insert(old.tables[name]), rows[name])
    engine.dispose()
    return rows


def _read(engine, names) -> dict[str, list[dict]]:
    """Every row of ``names``, read through the frozen old definitions (same types before and after)."""
    old = _old_tables(True)
    with engine.connect() as conn:
        return {n: sorted((dict(r._mapping) for r in conn.execute(select(old.tables[n]))), key=repr) for n in names}


def _table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return schema.current_revision(conn)
    finally:
        engine.dispose()


# --- tests -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_migrated_schema_is_the_models(kind, tmp_path):
    """The head of the migrations is exactly the models: a table, column or index added to a model without its
    revision makes this test fail (see hub.schema's docstring)."""
    with hub_database_url(kind, tmp_path) as url:
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                assert schema.current_revision(conn) == schema.head_revision()
                assert schema.differences(conn, schema.metadata()) == []
                assert inspect(conn).has_table(schema.VERSION_TABLE)
                assert not inspect(conn).has_table("alembic_version")  # never the desktop's version table
                # the comparison does see a forgotten revision
                extra = MetaData()
                for table in schema.metadata().tables.values():
                    table.to_metadata(extra)
                extra.tables["hub_setting"].append_column(Column("oubli", String(10)))
                assert [d[0] for d in schema.differences(conn, extra)] == ["add_column"]
        finally:
            engine.dispose()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("with_limiter", [False, True], ids=["f947425", "limites"])
def test_database_made_before_migrations_is_stamped_and_upgraded_in_place(kind, with_limiter, tmp_path):
    lazy = {"hub_code_user", "hub_device_user", "hub_code_key", "hub_code_scope"}  # never a parrain pull
    with hub_database_url(kind, tmp_path) as url:
        rows = _make_old_database(url, with_limiter, lazy)
        assert schema.VERSION_TABLE not in _table_names(url)
        raw = create_engine(url, poolclass=NullPool)
        before = _read(raw, list(rows))
        status = schema.status(raw)
        raw.dispose()
        assert status.legacy and status.revision is None and "avant les migrations" in status.message()

        engine = make_engine(url, upgrade=False)
        try:
            done = schema.upgrade(engine)
            assert done.legacy and done.stamped == ("0002" if with_limiter else "0001")
            assert done.after == schema.head_revision() and "conservées" in done.message()
            with engine.connect() as conn:
                assert schema.current_revision(conn) == schema.head_revision()
                assert schema.differences(conn, schema.metadata()) == []
            assert _read(engine, list(rows)) == before  # every row kept, unchanged
            # the hub works on it: the old token authenticates, its device is linked to its user
            device = auth.authenticate(engine, TOKEN)
            assert (device.id, device.structure_id, device.user_active) == (DEVICE, STRUCTURE, True)
            assert [u.nom for u in utilisateurs.list_users(engine, STRUCTURE)] == ["Aïssata Diallo"]
            assert schema.upgrade(engine).changed is False  # a second start changes nothing
        finally:
            engine.dispose()


@pytest.mark.parametrize("kind", KINDS)
def test_newer_schema_is_refused_and_left_untouched(kind, tmp_path, capsys):
    with hub_database_url(kind, tmp_path) as url:
        make_engine(url).dispose()
        raw = create_engine(url)
        with raw.begin() as conn:
            conn.execute(text(f"UPDATE {schema.VERSION_TABLE} SET version_num = '0099'"))
            conn.execute(text("INSERT INTO hub_setting (name, value) VALUES ('future', 'x')"))
        tables = _table_names(url)
        with pytest.raises(schema.SchemaError) as refused:
            make_engine(url)
        assert refused.value.code == "schema_plus_recent"
        assert "plus récent" in refused.value.detail and "0099" in refused.value.detail
        assert "n'a pas été modifiée" in refused.value.detail
        assert _revision(url) == "0099" and _table_names(url) == tables
        with raw.connect() as conn:
            assert conn.execute(text("SELECT value FROM hub_setting WHERE name = 'future'")).scalar() == "x"
        raw.dispose()
        # the CLI says it in French, and fails
        assert hub_main(["--database", url, "schema"]) == 1
        assert "plus récent que cette version de passerelle-hub" in capsys.readouterr().err
        assert hub_main(["--database", url, "devices"]) == 1
        assert "mettez passerelle-hub à jour" in capsys.readouterr().err


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_hub_tables_are_refused_and_left_untouched(kind, tmp_path):
    """Hub tables without version that match no known version (here: a column the old code never had) are not
    stamped: nothing is created, the version table included."""
    with hub_database_url(kind, tmp_path) as url:
        _make_old_database(url, False, {"hub_code_user"})
        raw = create_engine(url)
        with raw.begin() as conn:
            conn.execute(text("ALTER TABLE hub_device ADD COLUMN inconnue VARCHAR(10)"))
        raw.dispose()
        tables = _table_names(url)
        with pytest.raises(schema.SchemaError) as refused:
            make_engine(url)
        assert refused.value.code == "schema_non_reconnu"
        assert "hub_device" in refused.value.detail and "n'a pas été modifiée" in refused.value.detail
        assert _table_names(url) == tables  # no lazy table, no version table made


def test_cli_schema_shows_and_upgrades_in_french(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    head = schema.head_revision()
    assert hub_main(["--database", url, "schema"]) == 0
    assert "La base du serveur est vide" in capsys.readouterr().out
    assert _table_names(url) == set()  # showing changes nothing
    assert hub_main(["--database", url, "schema", "upgrade"]) == 0
    assert capsys.readouterr().out.strip() == f"Schéma {head} créé dans la base du serveur."
    assert hub_main(["--database", url, "schema"]) == 0
    assert capsys.readouterr().out.strip() == f"Schéma de la base du serveur : {head} (à jour)."

    old = f"sqlite:///{tmp_path / 'ancien.db'}"
    _make_old_database(old, False, set())
    assert hub_main(["--database", old, "schema"]) == 0
    assert "créée avant les migrations" in capsys.readouterr().out
    assert hub_main(["--database", old, "schema", "upgrade"]) == 0
    assert "reconnue (schéma 0001)" in capsys.readouterr().out
    assert _revision(old) == head


_START = """
import sys
from hub.db import make_engine
make_engine(sys.argv[1]).dispose()
print("ok")
"""


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("legacy", [False, True], ids=["vide", "ancienne"])
def test_hub_processes_starting_at_once_do_not_race(kind, legacy, tmp_path):
    with hub_database_url(kind, tmp_path) as url:
        rows = _make_old_database(url, False, {"hub_code_user"}) if legacy else {}
        procs = [subprocess.Popen([sys.executable, "-c", _START, url], cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
        results = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0] * 4, [err for _out, err in results]
        engine = make_engine(url, upgrade=False)
        try:
            with engine.connect() as conn:
                assert conn.execute(text(f"SELECT version_num FROM {schema.VERSION_TABLE}")).scalars().all() == \
                    [schema.head_revision()]
                assert schema.differences(conn, schema.metadata()) == []
            if rows:
                assert _read(engine, ["hub_record"])["hub_record"] == sorted(rows["hub_record"], key=repr)
        finally:
            engine.dispose()
