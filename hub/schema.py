"""The hub database's schema: Alembic migrations of its own (``hub/migrations``), applied by :func:`upgrade`
(called by :func:`hub.db.make_engine`), on SQLite and PostgreSQL.

:func:`upgrade` brings any hub database to the head revision, in one transaction:

- an empty database is created by the migrations;
- a database made by the hub before the migrations (its tables, no ``hub_alembic_version``) is compared with
  the frozen table definitions of revisions 0001 (and 0002 when it holds the limiter's tables), stamped there when
  they match — the tables that code made lazily are created if missing — then upgraded in place; a mismatch is
  refused (:class:`SchemaError`) and the database left untouched;
- a database at a revision this code does not know (made by a newer hub) is refused and left untouched;
- several hub processes starting at once do not race: on PostgreSQL the upgrade runs under a transaction-level
  advisory lock (per schema), on SQLite under the database's write lock (``BEGIN IMMEDIATE``); whoever comes
  second finds the head revision and does nothing.

Adding a hub table (or a column, an index) later:

1. declare it in ``hub.models`` (every hub table is there, on ``hub.models.hub_registry``);
2. add a revision ``hub/migrations/versions/NNNN_<sujet>.py`` (next number, ``down_revision`` the previous head)
   with ``op.create_table(...)`` / ``op.add_column(...)`` (``batch_alter_table`` for SQLite alterations;
   a new NOT NULL column on a table holding rows needs a ``server_default``). Autogenerate can draft it::

       from hub import schema
       schema.autogenerate(engine_at_head, "sujet de la révision")   # writes the draft, to read and fix

3. never create tables at run time (no ``create_all``, no ``create(checkfirst=True)``): the migrations are the
   only way a hub table comes to exist.

``tests/hub/test_hub_migrations.py`` compares the migrated schema with the models (Alembic ``compare_metadata``) on
SQLite and PostgreSQL: it fails when a model changed without its revision.
"""
from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, MetaData, create_engine, inspect, text
from sqlalchemy.pool import NullPool

from desktop_app.db import revisions
from hub.errors import HubError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSION_TABLE = "hub_alembic_version"
# The revisions a database made before the migrations may correspond to: each adds tables only, frozen in its
# script (``tables(metadata)``, ``LAZY``: those the old code made on first use). Closed list: code made after
# the migrations never runs without them, so a new revision is never added here.
LEGACY_REVISIONS = ("0001", "0002")
_PG_LOCK_CLASS = 0x48554221  # pg_advisory_xact_lock(class, hashtext(current_schema())): "HUB!"
_ALEMBIC = threading.Lock()  # Alembic's ``context`` is module-global: one migration run at a time per process


class SchemaError(HubError):
    """The database's schema cannot be used or upgraded by this hub (it was left untouched)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(503, code, detail)


def metadata() -> MetaData:
    """The hub's tables as the code declares them: every module of the ``hub`` package is imported (but the
    migrations and the CLI), so that a table declared anywhere in it is on the registry."""
    import pkgutil

    import hub

    for info in pkgutil.walk_packages(hub.__path__, "hub."):
        if not info.name.startswith(("hub.migrations", "hub.cli")):
            importlib.import_module(info.name)
    from hub.models import hub_registry

    return hub_registry.metadata


def revision_graph() -> dict[str, str | None]:
    """``{revision: down_revision}`` read from the scripts' text, without importing Alembic (an up-to-date hub
    starts fast)."""
    return revisions.revision_graph(MIGRATIONS_DIR / "versions")


def head_revision() -> str:
    return revisions.head_revision(revision_graph(), "Les migrations du hub")


def current_revision(conn: Connection) -> str | None:
    """The database's revision (None: no version table, or an empty one)."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def _hub_tables_present(conn: Connection) -> set[str]:
    return {n for n in inspect(conn).get_table_names() if n.startswith("hub_") and n != VERSION_TABLE}


def _too_new(revision: str) -> SchemaError:
    return SchemaError("schema_plus_recent", (
        f"La base du serveur est au schéma « {revision} », plus récent que cette version de passerelle-hub "
        f"(schéma « {head_revision()} ») : mettez passerelle-hub à jour. La base n'a pas été modifiée."))


@dataclass(frozen=True)
class Status:
    """Where a database stands: ``revision`` (None: no version table), ``legacy`` (hub tables without a version
    table: made before the migrations), ``head`` (this code's revision)."""

    revision: str | None
    legacy: bool
    head: str

    @property
    def known(self) -> bool:
        return self.revision is None or self.revision in revision_graph()

    def message(self) -> str:
        if self.revision == self.head:
            return f"Schéma de la base du serveur : {self.revision} (à jour)."
        if not self.known:
            return _too_new(self.revision or "").detail
        if self.legacy:
            return (f"La base du serveur a été créée avant les migrations (sans numéro de schéma) : elle sera "
                    f"reconnue puis mise à jour au schéma {self.head} par « passerelle-hub schema upgrade » ou au "
                    "démarrage du serveur.")
        if self.revision is None:
            return (f"La base du serveur est vide : « passerelle-hub schema upgrade » (ou le démarrage du "
                    f"serveur) y créera le schéma {self.head}.")
        return (f"Schéma de la base du serveur : {self.revision} ; cette version de passerelle-hub le mettra à "
                f"jour au schéma {self.head} (« passerelle-hub schema upgrade » ou démarrage du serveur).")


def status(engine: Engine) -> Status:
    """Read where the database stands, changing nothing."""
    with engine.connect() as conn:
        revision = current_revision(conn)
        legacy = revision is None and bool(_hub_tables_present(conn))
    return Status(revision, legacy, head_revision())


@dataclass(frozen=True)
class Upgrade:
    """What :func:`upgrade` did: ``before`` (None: empty or legacy database), ``legacy`` (stamped at
    ``stamped`` first), ``after`` (the head)."""

    before: str | None
    after: str
    legacy: bool = False
    stamped: str | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def message(self) -> str:
        if not self.changed:
            return f"Schéma de la base du serveur : {self.after} (déjà à jour)."
        if self.legacy:
            return (f"Base du serveur créée avant les migrations : reconnue (schéma {self.stamped}), mise à jour "
                    f"au schéma {self.after} ; ses données sont conservées.")
        if self.before is None:
            return f"Schéma {self.after} créé dans la base du serveur."
        return f"Base du serveur mise à jour du schéma {self.before} au schéma {self.after}."


def upgrade(engine: Engine) -> Upgrade:
    """Bring the hub database on ``engine`` to the head revision (see the module's docstring)."""
    head = head_revision()
    with engine.connect() as conn:  # fast path: an up-to-date database costs one query or two
        revision = current_revision(conn)
    if revision == head:
        return Upgrade(head, head)
    if revision is not None and revision not in revision_graph():
        raise _too_new(revision)
    with _ALEMBIC, _locked(engine) as conn:
        revision = current_revision(conn)  # again, under the lock: another process may have done it
        if revision == head:
            return Upgrade(head, head)
        if revision is not None and revision not in revision_graph():
            raise _too_new(revision)
        stamped = _adopt(conn) if revision is None else None
        from alembic import command

        command.upgrade(_config(conn), "head")
    return Upgrade(revision, head, legacy=stamped is not None, stamped=stamped)


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other hub process's upgrade can run alongside; committed at the
    end, rolled back on any error (PostgreSQL and SQLite both have transactional DDL)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:c, hashtext(current_schema()))"), {"c": _PG_LOCK_CLASS})
            yield conn
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or engine.url.query.get("mode") == "memory":
        with engine.begin() as conn:  # a private database (in memory, another dialect): no one to race with
            yield conn
        return
    # SQLite: pysqlite opens no transaction before DDL; a connection of our own in autocommit mode takes the
    # write lock itself, so that the whole upgrade is one transaction other processes wait for.
    own = create_engine(engine.url, poolclass=NullPool,
                        connect_args={"isolation_level": None, "timeout": 30, "check_same_thread": False})
    try:
        with own.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
    finally:
        own.dispose()


def _config(conn: Connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def frozen_tables(revisions: tuple[str, ...]) -> tuple[MetaData, frozenset[str]]:
    """The tables of ``revisions`` as frozen in their scripts, and those the old code made lazily."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    frozen, lazy = MetaData(), set()
    for rev in revisions:
        module = script.get_revision(rev).module
        module.tables(frozen)
        lazy |= module.LAZY
    return frozen, frozenset(lazy)


def differences(conn: Connection, target: MetaData, tables: set[str] | None = None) -> list:
    """Alembic's differences between the database and ``target`` (restricted to ``tables`` when given), types
    included; the version table is ignored."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def include_name(name, type_, parent_names) -> bool:
        if type_ == "table":
            return name != VERSION_TABLE and (tables is None or name in tables)
        return True

    def include_object(_obj, name, type_, _reflected, _compare_to) -> bool:
        return type_ != "table" or tables is None or name in tables

    context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name,
                                                     "include_object": include_object,
                                                     "version_table": VERSION_TABLE})
    return compare_metadata(context, target)


def _adopt(conn: Connection) -> str | None:
    """A database without version table: None if it holds no hub table (the migrations create everything);
    made by the hub before the migrations: checked against the frozen definitions, completed with the tables
    that code made lazily, stamped at the revision it matches, whose number is returned."""
    present = _hub_tables_present(conn)
    if not present:
        return None
    stamp = LEGACY_REVISIONS[0]  # the latest legacy revision whose tables (some of them) the database holds
    for rev in LEGACY_REVISIONS[1:]:
        if present & set(frozen_tables((rev,))[0].tables):
            stamp = rev
    frozen, lazy = frozen_tables(LEGACY_REVISIONS[:LEGACY_REVISIONS.index(stamp) + 1])
    unknown = sorted(present - set(frozen.tables))
    missing = sorted(set(frozen.tables) - present - lazy)
    found = differences(conn, frozen, present & set(frozen.tables))
    if unknown or missing or found:
        details = "; ".join(filter(None, (
            f"tables inconnues : {', '.join(unknown)}" if unknown else "",
            f"tables manquantes : {', '.join(missing)}" if missing else "",
            f"différences : {_describe(found)}" if found else "")))
        raise SchemaError("schema_non_reconnu", (
            "La base du serveur contient des tables du hub sans numéro de schéma, qui ne correspondent pas à une "
            f"version connue de passerelle-hub ({details}). Elle n'a pas été modifiée : vérifiez --database ou "
            "$PASSERELLE_HUB_DATABASE."))
    frozen.create_all(conn, tables=[frozen.tables[n] for n in sorted(set(frozen.tables) - present)])
    from alembic import command

    command.stamp(_config(conn), stamp)
    return stamp


def _describe(found: list, limit: int = 5) -> str:
    def one(diff) -> str:
        if isinstance(diff, list):  # column modifications come grouped
            diff = diff[0]
        kind, *rest = diff
        where = next((getattr(r, "name", None) for r in rest if getattr(r, "name", None)), "")
        table = next((r for r in rest if isinstance(r, str)), "")
        return f"{kind} {'.'.join(p for p in (table, str(where)) if p)}".strip()

    shown = [one(d) for d in found[:limit]]
    return ", ".join(shown) + (f" (et {len(found) - limit} autres)" if len(found) > limit else "")


def autogenerate(engine: Engine, message: str) -> None:
    """Draft the next revision from the differences between ``engine``'s database (at head) and the models
    (a developer's tool: read and fix the draft before committing it)."""
    from alembic import command

    with _ALEMBIC, engine.begin() as conn:
        cfg = _config(conn)
        cfg.attributes["models"] = metadata()
        command.revision(cfg, message=message, autogenerate=True,
                         rev_id=f"{int(head_revision()) + 1:04d}")

