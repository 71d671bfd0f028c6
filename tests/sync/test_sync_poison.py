"""Poison stops nothing (SYNC.md guarantee 13).

* An op whose values do not fit its table's model, pushed by a device, is refused by the hub with a French
  reason and lands in that device's quarantine; the other ops of the batch are applied, and the other devices
  never see it.
* A poison change that reached the hub anyway (written there by SQL) is set aside by each receiving device in
  « Reçues refusées »; every other record of the page arrives, the cursor moves on and later syncs work.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import Jeune, SyncQuarantine
from desktop_app.services.sync import echanges as sync_service
from desktop_app.sync import wire
from desktop_app.sync.client import SyncClient
from hub import snapshot as hub_snapshot
from hub.models import HubRecord, HubStructure
from tests.support.sync import (
    add_jeune,
    edit_jeune,
    enrolled,
    get_jeune,
    integrity_ok,
)
from tests.support.sync import hub_clock as _hub_clock
from tests.support.sync import poison_on_hub as _poison_on_hub

R, S = HubRecord.__table__, HubStructure.__table__
UNKNOWN_ID = "01900000-0000-7000-8000-00000000dead"


def _set(name, value):
    def mutate(op: wire.Op) -> wire.Op:
        fields, clocks = dict(op.fields), dict(op.clocks)
        fields[name] = value
        clocks.setdefault(name, op.clocks["created_at"])
        return op.model_copy(update={"fields": fields, "clocks": clocks})
    return mutate


def _drop(name):
    def mutate(op: wire.Op) -> wire.Op:
        fields, clocks = dict(op.fields), dict(op.clocks)
        del fields[name], clocks[name]
        return op.model_copy(update={"fields": fields, "clocks": clocks})
    return mutate


def _table(name):
    return lambda op: op.model_copy(update={"table": name})


# kind: (how the jeune's creation op is spoilt on its way to the hub, code, words of the French reason)
POISONS = {
    "pas_une_date": (_set("date_naissance", "not-a-date"), "valeur_invalide",
                     "date_naissance : date invalide (« not-a-date »)"),
    "booleen_oui": (_set("zrr", "oui"), "valeur_invalide", "zrr : vrai ou faux attendu (« oui »)"),
    "nom_dictionnaire": (_set("nom_naissance", {"nom": "Martin"}), "valeur_invalide",
                         "nom_naissance : texte attendu"),
    "creation_sans_champ_obligatoire": (_drop("prenoms"), "champ_obligatoire", "champ obligatoire absent (prenoms)"),
    "table_inconnue": (_table("table_fantome"), "table_inconnue", "Table inconnue du serveur : « table_fantome »"),
    "champ_inconnu": (_set("couleur_preferee", "bleu"), "champ_inconnu",
                      "Champ inconnu de la table « jeune » : couleur_preferee"),
    "texte_trop_long": (_set("nom_naissance", "M" * 121), "valeur_invalide",
                        "nom_naissance : texte trop long (121 caractères, 120 au plus)"),
    "reference_pendante": (_set("referent_id", UNKNOWN_ID), "reference_inconnue",
                           f"referent_id : référence à un enregistrement inconnu du serveur (« utilisateur » {UNKNOWN_ID})"),
}


@pytest.mark.parametrize("kind", sorted(POISONS))
def test_a_poison_op_is_refused_by_the_hub_and_quarantined_on_its_sender(kind, hub_sqlite, tmp_path, monkeypatch):
    mutate, code, words = POISONS[kind]
    sid = hub_sqlite.structure("ML Poison")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    poison = add_jeune(a, nom="Poison", prenoms="Paul")
    clean = add_jeune(a, nom="Sain", prenoms="Sam", date_naissance=dt.date(2004, 5, 6))

    build = SyncClient._build_ops
    monkeypatch.setattr(SyncClient, "_build_ops", lambda self, conn, rows: [
        mutate(op) if op.row_id == poison else op for op in build(self, conn, rows)])
    summary = sync_service.sync_once(a)
    monkeypatch.undo()

    assert summary.quarantined == 1
    [held] = sync_service.list_quarantine(a)
    assert (held.table_name, held.row_id, held.code) == ("jeune", poison, code)
    assert words in held.reason
    # the rest of the batch went through; another device receives it, and nothing of the poison
    b = enrolled(hub_sqlite, tmp_path, "bruno", sid)
    received = sync_service.sync_once(b)
    assert received.refused == 0 and sync_service.list_received_refused(b) == []
    assert get_jeune(b, clean).date_naissance == dt.date(2004, 5, 6)
    assert get_jeune(b, poison) is None
    # and later syncs carry on
    edit_jeune(a, clean, commune="Cergy")
    assert sync_service.sync_once(a).quarantined == 0
    sync_service.sync_once(b)
    assert get_jeune(b, clean).commune == "Cergy"


def _incomplete_record_on_hub(hub, structure_id, row_id) -> None:
    """A jeune record created on the hub without its mandatory names."""
    seq, clock = _hub_clock(hub.engine, structure_id)
    values = {"structure_id": structure_id, "created_at": "2026-01-05T10:00:00+00:00", "deleted": False,
              "commune": "Sarcelles"}
    with hub.engine.begin() as conn:
        conn.execute(R.insert().values(table_name="jeune", row_id=row_id, structure_id=structure_id, seq=seq,
                                       values=values, clocks=dict.fromkeys(values, clock),
                                       seqs=dict.fromkeys(values, seq)))


def test_a_poison_change_on_the_hub_is_set_aside_by_receiving_devices(hub_sqlite, tmp_path, monkeypatch):
    # B restores from the records as they are now: with a snapshot kept before the poison, B would get the last
    # valid version first, as A has it (tests/sync/test_sync_instantane_garde.py)
    monkeypatch.setattr(hub_snapshot, "KEPT", ())
    sid = hub_sqlite.structure("ML Poison Hub")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    ids = [add_jeune(a, nom=f"Nom{i}", prenoms="Test", date_naissance=dt.date(2003, 1, 1 + i)) for i in range(5)]
    sync_service.sync_once(a)
    _poison_on_hub(hub_sqlite, sid, ids[0], date_naissance="not-a-date")
    _poison_on_hub(hub_sqlite, sid, ids[1], zrr="oui")
    _incomplete_record_on_hub(hub_sqlite, sid, UNKNOWN_ID)

    # A holds two of them: the poison values come as updates, and are set aside with the incomplete new one
    summary = sync_service.sync_once(a)
    assert summary.refused == 3
    assert "refusées à la réception : 3" in summary.french()
    assert get_jeune(a, ids[0]).date_naissance == dt.date(2003, 1, 1)  # untouched
    assert get_jeune(a, ids[1]).zrr is False

    # B is new: the whole structure arrives but the three poison records, set aside with their reasons
    b = enrolled(hub_sqlite, tmp_path, "bruno", sid)
    first = sync_service.sync_once(b)
    assert first.refused == 3
    refused = {r.row_id: r for r in sync_service.list_received_refused(b)}
    assert set(refused) == {ids[0], ids[1], UNKNOWN_ID}
    assert "date_naissance : date invalide (« not-a-date »)" in refused[ids[0]].reason
    assert refused[ids[0]].fields["date_naissance"] == "not-a-date"  # kept as received
    assert "zrr : vrai ou faux attendu (« oui »)" in refused[ids[1]].reason
    assert "valeur obligatoire manquante" in refused[UNKNOWN_ID].reason
    assert all(r.table_name == "jeune" and r.seq > 0 for r in refused.values())
    for jid in ids[2:]:
        assert get_jeune(b, jid).nom_naissance.startswith("Nom")
    assert get_jeune(b, ids[0]) is None and get_jeune(b, UNKNOWN_ID) is None

    # the cursor moved on: later syncs work and set nothing aside again
    edit_jeune(a, ids[3], commune="Pontoise")
    sync_service.sync_once(a)
    again = sync_service.sync_once(b)
    assert again.refused == 0 and get_jeune(b, ids[3]).commune == "Pontoise"
    assert len(sync_service.list_received_refused(b)) == 3
    assert integrity_ok(a) and integrity_ok(b)


def test_a_row_the_local_database_refuses_is_isolated_from_its_bulk_insert(hub_sqlite, tmp_path):
    """Values that convert but that the replica's own constraints refuse (here a trigger): the page's bulk
    insert fails, its rows are inserted one by one, the culprit alone is set aside."""
    sid = hub_sqlite.structure("ML Contrainte")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    ids = [add_jeune(a, nom=nom, prenoms="Test") for nom in ("Avant", "Refuse", "Apres")]
    sync_service.sync_once(a)
    b = enrolled(hub_sqlite, tmp_path, "bruno", sid)
    with b.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TRIGGER refus_test BEFORE INSERT ON jeune WHEN NEW.nom_naissance = 'Refuse' "
                             "BEGIN SELECT RAISE(ABORT, 'nom refusé par la base locale'); END")
    summary = sync_service.sync_once(b)
    assert summary.refused == 1
    [refused] = sync_service.list_received_refused(b)
    assert refused.row_id == ids[1] and "nom refusé par la base locale" in refused.reason
    assert get_jeune(b, ids[0]) is not None and get_jeune(b, ids[2]) is not None
    assert get_jeune(b, ids[1]) is None
    with b.session() as s:
        assert len(list(s.scalars(select(Jeune.id).where(Jeune.id.in_(ids))))) == 2
        assert list(s.scalars(select(SyncQuarantine))) == []


def test_a_new_record_without_a_field_that_has_a_default_is_stored_with_the_default(hub_sqlite, tmp_path):
    """What the hub lets a creation leave out (a NOT NULL field with a default: zrr, statut…) is not poison:
    the receiving device stores the record with the default."""
    sid = hub_sqlite.structure("ML Défauts")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    seq, clock = _hub_clock(hub_sqlite.engine, sid)
    values = {"structure_id": sid, "created_at": "2026-01-05T10:00:00+00:00", "deleted": False,
              "nom_naissance": "Bernard", "prenoms": "Yanis"}
    with hub_sqlite.engine.begin() as conn:
        conn.execute(R.insert().values(table_name="jeune", row_id=UNKNOWN_ID, structure_id=sid, seq=seq,
                                       values=values, clocks=dict.fromkeys(values, clock),
                                       seqs=dict.fromkeys(values, seq)))
    assert sync_service.sync_once(a).refused == 0
    j = get_jeune(a, UNKNOWN_ID)
    assert (j.nom_naissance, j.zrr, j.nombre_enfants, j.statut) == ("Bernard", False, 0, "actif")
