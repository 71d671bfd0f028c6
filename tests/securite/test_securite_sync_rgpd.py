"""Anonymisation and erasure travel: after sync, neither the other device nor the hub holds the erased names."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from desktop_app.db.models import Utilisateur
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.securite import rgpd
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.jeunes import chronologie as timeline
from tests.support.sync import enrolled, new_profile
from tests.support.sync import rows_holding as _where

TODAY = dt.date(2026, 11, 26)


def _all_text(engine) -> str:
    with engine.connect() as conn:
        tables = [r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]
        return " ".join(str(row) for t in tables for row in conn.execute(text(f'SELECT * FROM "{t}"')))


def _enrolled_admin(hub, tmp_path, structure):
    profile = new_profile(tmp_path, "alice")
    sync_service.enroll(profile, hub.url, hub.code(structure, "alice", "admin"))
    return profile


def _admin(profile) -> None:
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        s.commit()


def _dossier(profile, nom: str) -> str:
    j = jeunes.create_jeune(profile, {"nom_naissance": nom, "prenoms": "Yanis", "telephone": "0612345678",
                                      "date_naissance": "15/06/1990", "sexe": "H"}, today=dt.date(2020, 1, 10),
                            doublon_confirme=True)  # alike on purpose (same phone and prénom)
    timeline.add_actualite(profile, j.id, date=dt.date(2020, 1, 10), type="entretien_individuel",
                           note=f"Entretien avec {nom}", today=dt.date(2020, 1, 10))
    timeline.add_frein(profile, j.id, theme="logement", item=f"Hébergé chez la tante de {nom}",
                       date_identification=dt.date(2020, 1, 10), today=dt.date(2020, 1, 10))
    return j.id


def test_erasure_and_anonymisation_reach_the_hub_and_the_other_device(hub_sqlite, tmp_path):
    structure = hub_sqlite.structure("Mission Locale Test")
    a = _enrolled_admin(hub_sqlite, tmp_path, structure)  # the hub takes an erasure from an administrator's device only
    b = enrolled(hub_sqlite, tmp_path, "bruno", structure)
    try:
        _admin(a)
        erased = _dossier(a, "Zerbinetti")
        anonymised = _dossier(a, "Oudinot")
        for p in (a, b, a):
            sync_service.sync_once(p)
        assert "Zerbinetti" in _all_text(b.engine) and "Oudinot" in _all_text(hub_sqlite.engine)

        rgpd.effacer(a, erased)
        rgpd.anonymiser(a, [anonymised])
        for p in (a, b):
            sync_service.sync_once(p)
        for engine in (a.engine, b.engine, hub_sqlite.engine):
            content = _all_text(engine)
            assert "Zerbinetti" not in content and "Oudinot" not in content
            assert "0612345678" not in content, _where(engine, "0612345678")
            assert "tante" not in content
        on_b = jeunes.get_jeune(b, anonymised)
        assert (on_b.nom_naissance, on_b.sexe, on_b.date_naissance) == ("ANONYME", "H", dt.date(1990, 1, 1))
        assert jeunes.get_jeune(b, erased).deleted
        hub_sqlite.engine.dispose()  # the hub's SQLite file (plain): its bytes hold no erased name either
        for path in tmp_path.glob("hub.db*"):
            raw = path.read_bytes()
            assert b"Zerbinetti" not in raw and b"Oudinot" not in raw, path.name
    finally:
        a.close()
        b.close()


def test_a_password_and_a_disabled_account_travel_by_sync(hub_sqlite, tmp_path):
    from desktop_app.security.permissions import AccesRefuse
    from desktop_app.services.securite import connexion

    structure = hub_sqlite.structure("Mission Locale Test")
    a = _enrolled_admin(hub_sqlite, tmp_path, structure)
    b = enrolled(hub_sqlite, tmp_path, "bruno", structure)
    try:
        _admin(a)
        alice = a.user_id
        connexion.definir_mot_de_passe(b, b.user_id, "Secret-de-Bruno")
        for p in (b, a):
            sync_service.sync_once(p)
        assert b.user_id in [c.id for c in connexion.comptes(a)]  # bruno may log in on alice's laptop too
        connexion.connecter(a, b.user_id, "Secret-de-Bruno")
        with pytest.raises(AccesRefuse):
            connexion.activer(a, alice, False)  # logged in as bruno, a conseiller: no account management
        a.user_id = alice
        connexion.activer(a, b.user_id, False)
        for p in (a, b):
            sync_service.sync_once(p)
        with pytest.raises(connexion.ConnexionRefusee, match="désactivé"):
            connexion.connecter(b, b.user_id, "Secret-de-Bruno")
    finally:
        a.close()
        b.close()


def test_the_hub_refuses_a_conseiller_making_itself_admin_and_changes_to_the_access_log(hub_sqlite, tmp_path):
    from sqlalchemy import select

    from desktop_app.db.models import JournalAcces, SyncQuarantine
    from hub.models import HubRecord

    structure = hub_sqlite.structure("Mission Locale Test")
    b = enrolled(hub_sqlite, tmp_path, "bruno", structure)
    try:
        jid = jeunes.create_jeune(b, {"nom_naissance": "Benali", "prenoms": "Yanis"}).id
        jeunes.ouvrir_dossier(b, jid)
        sync_service.sync_once(b)
        _admin(b)  # on its own laptop a conseiller can write anything: the hub does not spread it
        with b.session() as s:  # nor a rewritten access-log entry (bypassing the local append-only guard)
            s.info["erasing"] = True
            entry = s.scalars(select(JournalAcces).where(JournalAcces.action == "ouvert")).one()
            entry.action = "modifie"
            s.commit()
        sync_service.sync_once(b)
        with b.session() as s:
            codes = sorted(q.code for q in s.scalars(select(SyncQuarantine)).all())
        assert codes == ["journal_lecture_seule", "permission"]
        with hub_sqlite.engine.connect() as conn:
            records = {(r.table_name, r.row_id): r.values for r in conn.execute(select(HubRecord.__table__))}
        assert records[("utilisateur", b.user_id)]["role"] == "conseiller"
        assert records[("journal_acces", entry.id)]["action"] == "ouvert"
    finally:
        b.close()
