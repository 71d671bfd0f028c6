"""Writes that do not go to the outbox, because they come from the hub or undo what the hub refused.

Every other write to a synced table goes through a :class:`~desktop_app.db.session.ReplicaSession`, whose
capture (:mod:`desktop_app.sync.capture`) writes its outbox entry in the same transaction; ``bulk_insert``
there does the same for thousands of rows. The writes below are deliberately outside the outbox: sending
them back would echo the hub's own values, or resend what it refused. One entry point per kind:

* :func:`appliquer_page` — a page pulled from the hub, merged field by field (:mod:`~desktop_app.sync.merge`);
* :func:`purger` — an RGPD erasure, made here or received: the content goes everywhere, only the ids stay
  (:mod:`~desktop_app.sync.effacement`); :func:`oublier` for records the hub never held and registered
  as erased (purged, then deleted);
* :func:`realigner_horloges` — this device's clocks issued in the future are re-stamped
  (:mod:`~desktop_app.sync.clock_sync`);
* :func:`inserer_utilisateur_provisoire` and :func:`retirer_compte_provisoire` — enrolment for an existing
  hub user: a stand-in of the hub's record until the first pull brings it, and the placeholder account
  made at the profile's creation gone when nothing names it and it never left the laptop;
* :func:`deplacer_vers_structure` — enrolment: the local records move to the hub's structure id (their
  pending creation ops carry the new value);
* :func:`ceder_au_hub` — a quarantined op given up: its fields keep their value with the oldest clock, so
  that the hub's next value replaces it.

A test (``tests/test_ecritures_distantes.py``) checks that no other module writes a synced table through
Core.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from sqlalchemy import Connection, Engine, delete, insert, select, update

from desktop_app.db.models import MODELS_BY_TABLE, SYNCED_MODELS, Structure, Utilisateur
from desktop_app.sync import clock_sync, effacement, merge, wire
from desktop_app.sync.hlc import HybridClock

STAND_IN_CLOCK = f"0000000000000.0000.{wire.HUB_NODE}"  # older than any real clock: the hub's values win

Key = tuple[str, str]


def appliquer_page(conn: Connection, page: wire.PullPage, clock: HybridClock,
                   refused: list[dict] | None = None) -> tuple[int, int]:
    """Merge a pulled page with its cursor, in the caller's transaction (see :func:`merge.apply_page`)."""
    return merge.apply_page(conn, page, clock, refused)


def purger(conn: Connection, roots: Iterable[Key], *, first: Callable[[Connection], None] | None = None,
           hlc: str | None = None) -> set[Key]:
    """Erase these records and their dependants everywhere on this replica (see :func:`effacement.purge`)."""
    return effacement.purge(conn, roots, first=first, hlc=hlc)


def oublier(conn: Connection, roots: Iterable[Key]) -> set[Key]:
    """Purge, then delete, records the hub never held and registered as erased (see
    :func:`effacement.forget`)."""
    return effacement.forget(conn, roots)


def realigner_horloges(engine: Engine, clock: HybridClock, device_id: str) -> int:
    """Re-stamp this device's clocks the hub cannot hold yet (see :func:`clock_sync.realign`)."""
    return clock_sync.realign(engine, clock, device_id)


def inserer_utilisateur_provisoire(conn: Connection, *, user_id: str, structure_id: str, nom: str,
                                   prenom: str | None, role: str, now: dt.datetime) -> None:
    """A stand-in of the hub's user record until the first pull: never sent, every field at the oldest
    clock, so that the pulled values replace all of it without any conflict."""
    conn.execute(insert(Utilisateur.__table__).values(  # type: ignore[attr-defined]
        id=user_id, structure_id=structure_id, nom=nom, prenom=prenom, role=role, email=None, actif=True,
        mot_de_passe_hash=None, created_at=now, updated_at=now, deleted=False, hlc=STAND_IN_CLOCK,
        field_clocks={}))


def retirer_compte_provisoire(conn: Connection, user_id: str) -> None:
    """Delete the placeholder account a profile made at its creation, never pushed and named by nothing: its
    pending creation op finds no row and is skipped, so it never reaches the hub."""
    users = Utilisateur.__table__  # type: ignore[attr-defined]
    conn.execute(delete(users).where(users.c.id == user_id))


def deplacer_vers_structure(conn: Connection, old_id: str, new_id: str) -> None:
    """Point every local record of structure ``old_id`` to ``new_id`` (the hub's). Not pushed yet (enrolment
    comes before the first sync), their pending "*" ops carry the new value."""
    for model in SYNCED_MODELS:
        table = model.__table__  # type: ignore[attr-defined]
        if model is not Structure and "structure_id" in table.c:
            conn.execute(update(table).where(table.c.structure_id == old_id).values(structure_id=new_id))


def ceder_au_hub(conn: Connection, table_name: str, row_id: str, fields: Iterable[str], device_id: str) -> None:
    """The fields of a given-up op keep their value on this laptop with the oldest clock (while it is still
    this laptop's refused value), so that any value the hub sends later replaces it."""
    model = MODELS_BY_TABLE.get(table_name)
    if model is None:
        return
    table = model.__table__  # type: ignore[attr-defined]
    record = conn.execute(select(table.c.hlc, table.c.field_clocks).where(table.c.id == row_id)).first()
    if record is None:
        return
    clocks = dict(record.field_clocks or {})
    for name in fields:
        clock = clocks.get(name, record.hlc)
        if clock.endswith("." + device_id):  # still this laptop's refused value
            clocks[name] = STAND_IN_CLOCK
    conn.execute(update(table).where(table.c.id == row_id).values(field_clocks=clocks))
