"""Erasure is terminal (SYNC.md guarantee 14): A erases jeune J while B, offline, changes J's phone and commune
and adds an actualité about J. Whatever the order in which the two reach the hub, and whatever B's clock, none
of B's values is stored anywhere afterwards — no row, no conflict, no outbox, no refused change, not in the
hub's file — and every replica holds the same erased form."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import select

from desktop_app.db.models import (
    Actualite,
    Jeune,
    Outbox,
    Parrain,
    Parrainage,
    RencontreParrainage,
    SyncQuarantine,
    SyncReceivedRefused,
    Utilisateur,
)
from desktop_app.services.jeunes import brouillons
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.securite import rgpd
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.services.sync import echanges as sync_service
from desktop_app.sync import effacement, wire
from desktop_app.sync.hlc import HybridClock
from hub.models import HubErased, HubRecord
from tests.support.sync import edit_jeune, enrolled, new_profile, snapshot, values_only
from tests.support.sync import rows_holding as _where

DAY_MS = 24 * 3600 * 1000
B_PHONE, B_COMMUNE, B_NOTE = "699887766", "Cergy-le-Haut", "Bruno a revu Zerbinetti chez sa tante"
B_LIEUX, B_SUJETS = "Café des Tilleuls", "Logement chez Mme Bruneau"  # a parrainage and its rencontre
A_VALUES = ("Zerbinetti", "612345678", "Pontoise", "Entretien initial avec Zerbinetti")
UNRELATED = frozenset({"journal_acces", "parrain"})  # B's records that are not about J
NEEDLES = (B_PHONE, B_COMMUNE, B_NOTE, B_LIEUX, B_SUJETS) + A_VALUES


def _world(hub, tmp_path, *, b_ahead_ms: int = 0):
    """A (administrator) and B (conseiller) both holding J with an actualité; B's clock maybe ahead."""
    structure = hub.structure("Mission Locale Test")
    a = new_profile(tmp_path, "alice")
    sync_service.enroll(a, hub.url, hub.code(structure, "alice", "admin"))
    with a.session() as s:
        s.get(Utilisateur, a.user_id).role = "admin"
        s.commit()
    b = enrolled(hub, tmp_path, "bruno", structure)
    if b_ahead_ms:
        b.clock = HybridClock(b.device_id, b.clock.last, physical=lambda: time.time_ns() // 1_000_000 + b_ahead_ms)
    j = jeunes.create_jeune(a, {"nom_naissance": "Zerbinetti", "prenoms": "Yanis", "telephone": "0612345678",
                                "commune": "Pontoise", "date_naissance": "15/06/1990", "sexe": "H"},
                            today=dt.date(2020, 1, 10))
    timeline.add_actualite(a, j.id, date=dt.date(2020, 1, 10), type="entretien_individuel",
                           note="Entretien initial avec Zerbinetti", today=dt.date(2020, 1, 10))
    for p in (a, b, a):
        sync_service.sync_once(p)
    assert jeunes.get_jeune(b, j.id).telephone.endswith("612345678")
    return a, b, j.id


def _b_edits(b, jid: str) -> str:
    """B, offline: J's phone and commune, a new actualité, a parrainage with a rencontre (a grandchild of J
    that A never sees), a draft about J; and a pulled change B could not store (``sync_recu_refuse``)."""
    edit_jeune(b, jid, telephone="0" + B_PHONE, commune=B_COMMUNE)
    # a long note: on the hub it spans overflow pages, which its erasure frees (secure_delete wipes them)
    actualite = timeline.add_actualite(b, jid, date=dt.date(2020, 2, 3), type="entretien_individuel",
                                       note=B_NOTE + " — " + "compte rendu détaillé " * 400,
                                       today=dt.date(2020, 2, 3)).id
    with b.session() as s:
        parrain = Parrain(structure_id=b.structure_id, nom="Lemoine", prenom="Paul", statut="actif")
        pair = Parrainage(jeune_id=jid, conseiller_id=b.user_id, parrain_id=parrain.id,
                          date_debut=dt.date(2020, 2, 3), lieux=B_LIEUX)
        s.add_all([parrain, pair, RencontreParrainage(parrainage_id=pair.id, date=dt.date(2020, 2, 10),
                                                      sujets=B_SUJETS)])
        s.commit()
    brouillons.save_draft(b, "actualite", jid, {"note": B_NOTE})
    with b.engine.begin() as conn:
        conn.execute(SyncReceivedRefused.__table__.insert().values(
            table_name="jeune", row_id=jid, fields={"commune": B_COMMUNE}, reason="valeur refusée"))
    return actualite


def _check(hub, a, b, jid: str, b_summaries: list, tmp_path, *, ignored: bool, skewed: bool = False) -> None:
    """``skewed``: B's clock is days ahead, so the hub refuses B's records that are not about J (its access-log
    entry, the new parrain: « horloge trop en avance », quarantined — another matter, SYNC.md guarantee 12);
    those are left out of the comparison."""
    summaries = list(b_summaries)
    for p in (a, b, a, b):  # two quiet rounds
        summary = sync_service.sync_once(p)
        if p is b:
            summaries.append(summary)
    for name, engine in (("A", a.engine), ("B", b.engine), ("hub", hub.engine)):
        for needle in NEEDLES:
            assert _where(engine, needle) == [], (name, needle)
    # identical everywhere: the two devices, and the hub's records
    on_a, on_b = values_only(snapshot(a)), values_only(snapshot(b))
    if skewed:
        held = {(q.table_name, q.row_id) for q in sync_service.list_quarantine(b) if q.table_name in UNRELATED}
        on_b = {k: v for k, v in on_b.items() if k not in held}
    assert on_a == on_b
    device = on_a
    with hub.engine.connect() as conn:
        stored = {(r.table_name, r.row_id): r for r in conn.execute(select(HubRecord.__table__))}
    for key, record in stored.items():
        assert {n: wire.to_wire(v) for n, v in device[key].items()} == record.values, key
    # the erased form, with the terminal clock on every field, never observed into a clock
    for p in (a, b):
        j = jeunes.get_jeune(p, jid)
        assert (j.deleted, j.nom_naissance, j.telephone, j.commune) == (True, "ANONYME", None, None)
        assert set(j.field_clocks.values()) == {effacement.TERMINAL_CLOCK}
        with p.session() as s:
            acts = s.scalars(select(Actualite).where(Actualite.jeune_id == jid)).all()
            assert acts and all(x.deleted and x.note is None for x in acts)
            held = s.scalars(select(SyncQuarantine)).all()  # dropped, not quarantined
            assert [q for q in held if not (skewed and q.table_name in UNRELATED)] == []
        assert p.clock.last < "9"  # the terminal clock was never observed
        with p.session() as s:
            parrains = [(x.nom, x.deleted) for x in s.scalars(select(Parrain)).all()]
            assert parrains == [("Lemoine", False)] or (skewed and p is a and not parrains)  # a parent: kept
            assert all(x.deleted for x in s.scalars(select(Parrainage)).all())
            assert all(x.deleted for x in s.scalars(select(RencontreParrainage)).all())
        assert sync_service.list_conflicts(p) == []
    assert stored[("jeune", jid)].clocks["telephone"] == effacement.TERMINAL_CLOCK
    if ignored:
        assert sum(s.ignored for s in summaries) >= 1
        assert any("ignorée" in s.french() and "dossier effacé" in s.french() for s in summaries)
    if hub.engine.dialect.name != "sqlite":
        return
    with hub.engine.connect() as conn:  # rewritten records and freed pages are overwritten, not left behind
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    hub.engine.dispose()  # the hub's SQLite file (plain): its bytes hold none of it either
    files = list(tmp_path.glob("hub.db*"))
    assert files
    for path in files:
        raw = path.read_bytes()
        for needle in NEEDLES:
            assert needle.encode("utf-8") not in raw, (path.name, needle)


@pytest.mark.parametrize("ahead", [0, 2 * DAY_MS], ids=["clock_ok", "b_clock_two_days_ahead"])
def test_erasure_reaches_the_hub_before_the_offline_edits(hub_sqlite, tmp_path, ahead):
    a, b, jid = _world(hub_sqlite, tmp_path, b_ahead_ms=ahead)
    try:
        rgpd.effacer(a, jid)
        sync_service.sync_once(a)
        _b_edits(b, jid)  # B, offline, edits after the erasure (by its clock, and by far when it is ahead)
        first = sync_service.sync_once(b)
        _check(hub_sqlite, a, b, jid, [first], tmp_path, ignored=True, skewed=bool(ahead))
        assert first.ignored >= 3  # the phone and commune edit, the actualité and its dernier contact
        assert f"{first.ignored} modifications ignorées : dossier effacé" in first.french()
        assert any(r["message"] == f"{first.ignored} modifications ignorées : dossier effacé"
                   for r in sync_service.history(b))
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("ahead", [0, 2 * DAY_MS], ids=["clock_ok", "b_clock_two_days_ahead"])
def test_erasure_reaches_the_hub_after_the_offline_edits(hub, tmp_path, ahead):
    a, b, jid = _world(hub, tmp_path, b_ahead_ms=ahead)
    try:
        rgpd.effacer(a, jid)  # A, offline too
        _b_edits(b, jid)
        first = sync_service.sync_once(b)  # B's edits are on the hub (its actualité, unknown to A) …
        sync_service.sync_once(a)  # … then the erasure arrives, and finds them from their links
        _check(hub, a, b, jid, [first], tmp_path, ignored=False, skewed=bool(ahead))
    finally:
        a.close()
        b.close()


def test_an_edit_made_before_the_erasure_lands_nowhere(hub_sqlite, tmp_path):
    a, b, jid = _world(hub_sqlite, tmp_path)
    try:
        _b_edits(b, jid)  # before the erasure, by every clock
        rgpd.effacer(a, jid)
        sync_service.sync_once(a)
        first = sync_service.sync_once(b)  # once it lost to the erasure and sat in a conflict
        assert first.conflicts == 0
        _check(hub_sqlite, a, b, jid, [first], tmp_path, ignored=True)
    finally:
        a.close()
        b.close()


def test_a_record_created_on_an_erased_dossier_is_registered_and_erased_by_its_sender(hub_sqlite, tmp_path):
    a, b, jid = _world(hub_sqlite, tmp_path)
    try:
        rgpd.effacer(a, jid)
        sync_service.sync_once(a)
        new_id = _b_edits(b, jid)
        summary = sync_service.sync_once(b)
        with hub_sqlite.engine.connect() as conn:
            registry = {(r.table_name, r.row_id) for r in conn.execute(select(HubErased.__table__))}
            assert conn.execute(select(HubRecord.__table__).where(HubRecord.row_id == new_id)).first() is None
        assert ("actualite", new_id) in registry and ("jeune", jid) in registry
        # the registry holds ids only
        assert {c.name for c in HubErased.__table__.columns} == {"table_name", "row_id", "structure_id", "seq"}
        assert summary.ignored >= 2
        assert summary.french().endswith(f"{summary.ignored} modifications ignorées : dossier effacé")
        with b.session() as s:  # never held by the hub: gone from its sender too (its id is registered)
            assert s.get(Actualite, new_id) is None
            assert s.get(Jeune, jid).deleted
        later = sync_service.sync_once(b)
        assert later.ignored == 0  # nothing left to send about it
    finally:
        a.close()
        b.close()


def test_a_conseiller_device_cannot_push_an_erasure(hub_sqlite, tmp_path):
    structure = hub_sqlite.structure("Mission Locale Test")
    b = enrolled(hub_sqlite, tmp_path, "bruno", structure)
    try:
        jid = jeunes.create_jeune(b, {"nom_naissance": "Benali", "prenoms": "Yanis"}).id
        sync_service.sync_once(b)
        with b.session() as s:  # bypassing the local permission check
            s.get(Utilisateur, b.user_id).role = "admin"
            s.commit()
        rgpd.effacer(b, jid)
        summary = sync_service.sync_once(b)
        assert summary.quarantined >= 1
        assert "permission" in [q.code for q in sync_service.list_quarantine(b)]
        with hub_sqlite.engine.connect() as conn:
            assert conn.execute(select(HubErased.__table__)).first() is None
            record = conn.execute(select(HubRecord.__table__).where(HubRecord.row_id == jid)).one()
        assert record.values["nom_naissance"] == "Benali"
    finally:
        b.close()


def test_erased_form_is_stable_and_keeps_links_only():
    values = {"structure_id": "s1", "nom_naissance": "Zerbinetti", "prenoms": "Yanis", "telephone": "06",
              "commune": "Pontoise", "sexe": "H", "deleted": False}
    form = effacement.erased_form("jeune", values)
    assert form["structure_id"] == "s1" and form["deleted"] is True
    assert (form["nom_naissance"], form["prenoms"], form["telephone"], form["commune"], form["sexe"]) == (
        "ANONYME", "—", None, None, None)
    assert effacement.erased_form("jeune", form) == form
    assert set(form) == set(Jeune.synced_fields())
    # the terminal clock fits the wire's clock pattern and beats every real clock
    wire.Op(device="d", counter=1, table="jeune", row_id="x", fields={"deleted": True},
            clocks={"deleted": effacement.TERMINAL_CLOCK})
    assert effacement.TERMINAL_CLOCK > HybridClock("z").now()


def test_the_summary_says_how_many_changes_were_ignored_in_french():
    summary = sync_service.SyncSummary(2, 0, 0, 0, ignored=1)
    assert summary.french().endswith(" · 1 modification ignorée : dossier effacé")
    four = sync_service.SyncSummary(2, 0, 0, 0, ignored=4)
    assert four.french().endswith("4 modifications ignorées : dossier effacé")
    assert "ignorée" not in sync_service.SyncSummary(2, 0, 0, 0).french()
    # an answer from a hub made before the erasure registry still parses (no « dropped »)
    assert wire.PushResponse.model_validate({"acknowledged": 3}).dropped == []


def test_an_erased_filleul_leaves_the_parrain_device_and_its_offline_rencontre_is_dropped(hub_sqlite, tmp_path):
    from desktop_app.services.parrainage import parrains as registre
    from desktop_app.services.parrainage import suivi
    from desktop_app.services.profil.profile import create_profile
    from hub.scope import create_parrain_code
    from tests.support.parrainage import PARRAIN
    from tests.support.parrainage import contrat as _contrat
    from tests.support.parrainage import jeune_suivi as _jeune

    sid = hub_sqlite.structure("Mission Locale du Val-d'Oise Est")
    ref = new_profile(tmp_path, "referente")
    sync_service.enroll(ref, hub_sqlite.url, hub_sqlite.code(sid, "referente", "admin"))
    with ref.session() as s:
        s.get(Utilisateur, ref.user_id).role = "admin"
        s.commit()
    gerard = registre.enregistrer_parrain(ref, PARRAIN)
    ines = _jeune(ref, "Inès", "Benali")
    pair = _contrat(ref, ines, gerard.id)
    suivi.enregistrer_rencontre(ref, pair, {"date": dt.date.today() - dt.timedelta(days=3), "sujets": "CV de Benali"})
    sync_service.sync_once(ref)
    parrain = create_profile(tmp_path / "gerard", structure_nom="(poste du parrain)", user_nom="Moreau",
                             user_prenom="Gérard", role="parrain")
    try:
        sync_service.enroll(parrain, hub_sqlite.url, create_parrain_code(hub_sqlite.engine, sid, "Gérard Moreau", gerard.id))
        sync_service.sync_once(parrain)
        assert _where(parrain.engine, "Benali")
        suivi.enregistrer_rencontre(parrain, pair, {"date": dt.date.today(), "sujets": "Sujet noté par le parrain"})
        rgpd.effacer(ref, ines)
        sync_service.sync_once(ref)
        summaries = [sync_service.sync_once(parrain) for _ in range(2)]
        for engine in (parrain.engine, ref.engine, hub_sqlite.engine):
            for needle in ("Benali", "Inès", "inès@example.fr", "rue des Lilas", "Sujet noté par le parrain",
                           "CV de Benali"):
                assert _where(engine, needle) == [], needle
        assert sum(s.ignored for s in summaries) >= 1
        with parrain.session() as s:
            assert s.get(Jeune, ines).deleted and s.get(Parrainage, pair).deleted
            # its rencontre was dropped, not quarantined; its access-log entry (ids only) is out of its scope now
            assert [q.table_name for q in s.scalars(select(SyncQuarantine)).all()] == ["journal_acces"]
    finally:
        parrain.close()
        ref.close()


def test_the_hub_sqlite_file_keeps_no_rewritten_content_in_its_free_pages(tmp_path, monkeypatch):
    """Content checkpointed into the file, then rewritten (as an erasure does): its old bytes are gone — even
    with an SQLite built without SECURE_DELETE by default (simulated: each connection starts with it off)."""
    from sqlalchemy import event

    from hub import db
    from hub.models import HubStructure

    real = db.create_engine

    def plain_sqlite(*args, **kwargs):
        engine = real(*args, **kwargs)
        event.listen(engine, "connect", lambda dbapi, _rec: dbapi.execute("PRAGMA secure_delete = OFF"))
        return engine

    monkeypatch.setattr(db, "create_engine", plain_sqlite)
    engine = db.make_engine(f"sqlite:///{tmp_path / 'hub.db'}")
    secret = "Secret-de-Bruno-" + "x" * 20000  # overflow pages, freed by the rewrite
    records, structures = HubRecord.__table__, HubStructure.__table__
    with engine.begin() as conn:
        conn.execute(structures.insert().values(id="s1", nom="ML", seq=1, created_at=dt.datetime.now(dt.UTC)))
        conn.execute(records.insert().values(table_name="actualite", row_id="r1", structure_id="s1", seq=1,
                                             values={"note": secret}, clocks={}, seqs={}))
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"Secret-de-Bruno" in (tmp_path / "hub.db").read_bytes()
    with engine.begin() as conn:
        conn.execute(records.update().where(records.c.row_id == "r1").values(values={"note": None}))
    engine.dispose()
    for path in tmp_path.glob("hub.db*"):
        assert b"Secret-de-Bruno" not in path.read_bytes(), path.name


def test_the_hub_refuses_an_erasure_of_anything_but_a_dossier(hub_sqlite, tmp_path):
    structure = hub_sqlite.structure("Mission Locale Test")
    a = new_profile(tmp_path, "alice")
    try:
        sync_service.enroll(a, hub_sqlite.url, hub_sqlite.code(structure, "alice", "admin"))
        sync_service.sync_once(a)
        with a.session() as s:  # a crafted erasure of the structure itself
            s.add(Outbox(table_name=effacement.ERASURE_TABLE, row_id=a.structure_id, fields=["structure"],
                         hlc=a.clock.now()))
            s.commit()
        summary = sync_service.sync_once(a)
        assert summary.quarantined == 1
        assert [q.code for q in sync_service.list_quarantine(a)] == ["effacement_invalide"]
        with hub_sqlite.engine.connect() as conn:
            assert conn.execute(select(HubErased.__table__)).first() is None
    finally:
        a.close()


def test_a_dossier_erased_before_it_ever_reached_the_hub_is_nowhere(hub_sqlite, tmp_path):
    structure = hub_sqlite.structure("Mission Locale Test")
    a = new_profile(tmp_path, "alice")
    try:
        sync_service.enroll(a, hub_sqlite.url, hub_sqlite.code(structure, "alice", "admin"))
        with a.session() as s:
            s.get(Utilisateur, a.user_id).role = "admin"
            s.commit()
        sync_service.sync_once(a)
        j = jeunes.create_jeune(a, {"nom_naissance": "Zerbinetti", "prenoms": "Yanis"}, today=dt.date(2020, 1, 10))
        timeline.add_actualite(a, j.id, date=dt.date(2020, 1, 10), type="entretien_individuel",
                               note="Entretien initial avec Zerbinetti", today=dt.date(2020, 1, 10))
        rgpd.effacer(a, j.id)  # offline, never pushed
        for _ in range(2):
            sync_service.sync_once(a)
        for engine in (a.engine, hub_sqlite.engine):
            assert _where(engine, "Zerbinetti") == []
        with hub_sqlite.engine.connect() as conn:
            assert conn.execute(select(HubRecord.__table__).where(HubRecord.row_id == j.id)).first() is None
            assert ("jeune", j.id) in {(r.table_name, r.row_id) for r in conn.execute(select(HubErased.__table__))}
        with a.session() as s:  # the hub holds its id only; so does this replica (its access log)
            assert s.get(Jeune, j.id) is None
            assert s.scalars(select(Actualite).where(Actualite.jeune_id == j.id)).all() == []
            assert s.scalars(select(SyncQuarantine)).all() == []
    finally:
        a.close()
